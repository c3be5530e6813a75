# kube-netlint as a container image, for CI systems that run images (GitLab CI, Argo Workflows, Tekton)
# and for linting what Argo CD will sync. The CLI is one dependency-free file (dist/kube-netlint.mjs):
# the image is Node and that file. node:20-slim rather than distroless, because GitLab CI runs a job's
# `script` with the image's shell. Build: docker build -t kube-netlint .   (see docs/distribution.md)
FROM node:20-slim
COPY --chmod=755 dist/kube-netlint.mjs /usr/local/lib/kube-netlint/kube-netlint.mjs
RUN ln -s /usr/local/lib/kube-netlint/kube-netlint.mjs /usr/local/bin/kube-netlint
# The manifests are mounted here (docker run -v "$PWD:/work"); the linter only reads them.
WORKDIR /work
USER node
ENTRYPOINT ["kube-netlint"]
CMD ["--help"]
