import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, AnalysisCache, analyzeDocuments, type Analysis } from '../src/analyze.ts';
import { DEFAULT_CONFIG, resolveConfig } from '../src/app/config.ts';
import type { Config } from '../src/config/types.ts';
import type { Diagnostic, Rule } from '../src/lint/types.ts';
import { parseSources } from '../src/source/parse.ts';
import { positionAt } from '../src/source/text.ts';
import type { ParsedDocument, SourceFile } from '../src/source/types.ts';

/**
 * The language server re-analyses its whole workspace on every edit, reusing the parse, the model
 * parts and the document-scoped findings of unchanged files (AnalysisCache). Its results must be
 * exactly those of a fresh CLI run over the same files.
 */

const show = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => `${d.file.path}:${positionAt(d.file, d.span.start).line} ${d.severity} ${d.ruleId}/${d.messageId}: ${d.message} [${d.related.length} related]`);

/** Keeps each file's parse while its text is unchanged, as src/lsp/workspace.ts does. */
class Session {
  private readonly parsed = new Map<string, { file: SourceFile; documents: readonly ParsedDocument[] }>();
  readonly cache = new AnalysisCache();

  run(files: readonly SourceFile[], config: Config = DEFAULT_CONFIG): Analysis {
    const documents = files.flatMap((file) => {
      const kept = this.parsed.get(file.path);
      if (kept?.file.text === file.text) return kept.documents;
      const entry = { file, documents: parseSources([file]) };
      this.parsed.set(file.path, entry);
      return entry.documents;
    });
    return analyzeDocuments({ files, documents, config, cache: this.cache });
  }
}

function readTree(dir: string, prefix = ''): SourceFile[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return readTree(path, `${prefix}${name}/`);
      return [{ path: `${prefix}${name}`, absPath: path, text: readFileSync(path, 'utf8') }];
    });
}

const deployment = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels:
    tier: "web"
    version: 1.0
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
`;

const IGNORED = `apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
  annotations:
    kube-netlint.io/ignore: label-value, service-selector-orphan
  labels:
    enabled: yes
spec:
  selector:
    app: legacy
  ports:
    - port: 80
`;

const file = (path: string, text: string): SourceFile => ({ path, absPath: `/virtual/${path}`, text });

describe('incremental analysis (the language server)', () => {
  for (const name of readdirSync(new URL('./fixtures/lint/', import.meta.url).pathname).sort()) {
    it(`when the fixture tree ${name} is analysed with a cache, then the findings are those of a fresh run`, () => {
      const files = readTree(new URL(`./fixtures/lint/${name}/`, import.meta.url).pathname);
      const expected = show(analyze({ files, config: DEFAULT_CONFIG }).diagnostics);
      const session = new Session();
      assert.deepEqual(show(session.run(files).diagnostics), expected);
      assert.deepEqual(show(session.run(files).diagnostics), expected, 'a second run, entirely from the cache');
    });
  }

  it('when one file changes, then the findings are those of a fresh run and the other files keep their objects', () => {
    const session = new Session();
    const before = [file('deployment.yaml', deployment('web')), file('service.yaml', SERVICE), file('legacy.yaml', IGNORED)];
    const first = session.run(before);
    assert.deepEqual(show(first.diagnostics), show(analyze({ files: before, config: DEFAULT_CONFIG }).diagnostics));
    assert.ok(first.diagnostics.some((d) => d.ruleId === 'label-value' && d.file.path === 'service.yaml'), 'the unquoted 1.0 label is found');
    assert.ok(!first.diagnostics.some((d) => d.file.path === 'legacy.yaml' && d.ruleId === 'label-value'), 'the annotation suppresses label-value');

    const after = [file('deployment.yaml', deployment('web-v2')), before[1]!, before[2]!];
    const second = session.run(after);
    assert.deepEqual(show(second.diagnostics), show(analyze({ files: after, config: DEFAULT_CONFIG }).diagnostics));
    assert.ok(second.diagnostics.some((d) => d.ruleId === 'service-selector-orphan' && d.file.path === 'service.yaml'), 'the Service in the unchanged file is now an orphan');
    const service = (analysis: Analysis) => analysis.model.services.find((s) => s.object.name === 'web')!;
    assert.equal(service(second), service(first), 'the unchanged Service is reused, not read again');
    assert.notEqual(second.model.workloads[0], first.model.workloads[0], 'the edited Deployment is read again');
  });

  it('when the config changes, then cached findings follow the new config', () => {
    const session = new Session();
    const files = [file('service.yaml', SERVICE), file('legacy.yaml', IGNORED)];
    assert.ok(session.run(files).diagnostics.some((d) => d.ruleId === 'label-value'));
    const config = resolveConfig({ rules: { 'label-value': 'warning' }, cluster: { defaultNamespace: 'shop' } });
    const changed = session.run(files, config);
    assert.deepEqual(show(changed.diagnostics), show(analyze({ files, config }).diagnostics));
    assert.ok(changed.diagnostics.filter((d) => d.ruleId === 'label-value').every((d) => d.severity === 'warning'));
    const off = resolveConfig({ rules: { 'label-value': 'off' } });
    assert.deepEqual(show(session.run(files, off).diagnostics), show(analyze({ files, config: off }).diagnostics));
  });
  it('when the ingress controller Deployment of another namespace changes its labels, then the inferred controller named by the Ingress finding follows', () => {
    const app = `${deployment('web')}---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{podSelector: {matchLabels: {app: front}}}]}]\n`;
    const controller = (labels: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller, namespace: ingress-nginx}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: x}]}\n`;
    const session = new Session();
    for (const labels of ['{app.kubernetes.io/name: ingress-nginx}', '{app: proxy}', '{app.kubernetes.io/name: ingress-nginx}']) {
      const files = [file('app.yaml', app), file('controller.yaml', controller(labels))];
      const cached = show(session.run(files).diagnostics).filter((line) => line.includes('ingress-backend-unreachable'));
      assert.deepEqual(cached, show(analyze({ files, config: DEFAULT_CONFIG }).diagnostics).filter((line) => line.includes('ingress-backend-unreachable')), labels);
      assert.equal(cached.length, 1);
    }
  });

  it('when a rule calls each inside each, then the CLI and the cached run both report it as an internal error rather than caching it wrongly', () => {
    const nested: Rule = {
      meta: { id: 'nested-each', severity: 'warning', scope: 'namespace', description: 'test rule', messages: { seen: 'seen' }, remediation: 'none' },
      check(context) {
        context.each(context.model.services, (service) => context.each(context.model.workloads, () => context.report({ messageId: 'seen', at: { object: service.object } })));
      },
    };
    const files = [file('deployment.yaml', deployment('web')), file('service.yaml', SERVICE)];
    const fresh = analyze({ files, config: DEFAULT_CONFIG, rules: [nested] }).diagnostics;
    const cached = analyzeDocuments({ files, documents: parseSources(files), config: DEFAULT_CONFIG, rules: [nested], cache: new AnalysisCache() }).diagnostics;
    for (const run of [fresh, cached]) {
      assert.deepEqual(run.map((d) => d.messageId), ['internal-error']);
      assert.match(run[0]!.message, /context\.each was called inside a check of context\.each/);
    }
  });
});
