/**
 * Workloads whose pods exist only for a moment of a release, not to serve a Service. Helm runs the
 * objects annotated `helm.sh/hook` (`pre-install`, `post-upgrade`, ...) at those points of a release
 * life cycle, apart from the release's own resources (helm.sh/docs/topics/charts_hooks), and chart
 * tests are `helm.sh/hook: test` (formerly `test-success`) Pods or Jobs that only `helm test` runs
 * (helm.sh/docs/topics/chart_tests). Chart test Pods routinely carry the application's labels, so a
 * Service's selector picks them up too.
 */
import type { Service, Workload } from '../model/types.ts';

/** The annotation Helm reads to run an object as a hook rather than as part of the release. */
export const HELM_HOOK_ANNOTATION = 'helm.sh/hook';

/** Whether the workload is a Helm hook (a test Pod, a pre-install Job, ...): its pods come and go with the hook. */
export function isHelmHook(workload: Workload): boolean {
  return isHookObject(workload.object);
}

/** Whether an object is a Helm hook: it exists only while its hook runs (helm deletes it by its hook-delete-policy). */
export function isHookObject(object: { readonly annotations: Readonly<Record<string, string>> }): boolean {
  return Object.hasOwn(object.annotations, HELM_HOOK_ANNOTATION);
}

/**
 * The workloads a Service is meant for among those its selector matches: Helm hooks are never the
 * backends of a lasting Service, so a test Pod beside the Deployment it tests does not count (its
 * missing ports are no finding on the Service), and a Service whose selector matches hooks only has no
 * backends (service-selector-orphan says so). A Service that is itself a hook lives while they run:
 * the hooks it matches are its backends.
 */
export function servingWorkloads(matching: readonly Workload[], service: Service): readonly Workload[] {
  if (isHookObject(service.object) || !matching.some(isHelmHook)) return matching;
  return matching.filter((w) => !isHelmHook(w));
}
