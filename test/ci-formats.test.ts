import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { runBuiltCli } from './support/built-cli.ts';
import { EVIL, hiddenCharacter, yamlString } from './support/hostile-text.ts';

/**
 * The CI report formats checked by their consumers' schemas: JUnit and checkstyle XML by xmllint (libxml2's
 * XML Schema validator, installed by `npm run pretest`), GitLab Code Quality JSON by ajv. Each runs on the
 * golden tree (every kind of finding, a file that does not parse, one that is not UTF-8) and on
 * names that try to break out of the markup.
 */
const schemas = new URL('./support/schemas/', import.meta.url).pathname;
const tree = new URL('./golden/tree', import.meta.url).pathname;

/** A Service and a Deployment whose names and selector hold hostile text (and characters XML 1.0 forbids). */
function hostileProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-ci-formats-'));
  const evil = yamlString(`${EVIL} ]]> </failure><x a='1'/> \u0001 \ufffe`);
  writeFileSync(
    join(dir, 'evil <&> "file".yaml'),
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${evil}\n  namespace: shop\nspec:\n  selector:\n    app: ${evil}\n  ports:\n    - port: 80\n      targetPort: ${evil}\n`,
  );
  return dir;
}

function lint(format: string, cwd: string, paths: readonly string[]): string {
  const result = runBuiltCli(['--format', format, ...paths], { cwd });
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr, '');
  return result.stdout;
}

/** Runs `xmllint --schema`; returns its verdict. */
function xmllint(schema: string, xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-xml-'));
  const file = join(dir, 'report.xml');
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', join(schemas, schema), file], { encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint is missing (npm run pretest installs libxml2-utils): ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

describe('CI report formats against their schemas', () => {
  for (const [format, schema] of [
    ['junit', 'junit.xsd'],
    ['checkstyle', 'checkstyle.xsd'],
  ] as const) {
    it(`when the golden tree and hostile names are reported as ${format}, then xmllint validates the XML against ${schema}`, () => {
      for (const [cwd, paths] of [
        [tree, ['apps', 'edge']],
        [hostileProject(), ['.']],
      ] as const) {
        const xml = lint(format, cwd, paths);
        const verdict = xmllint(schema, xml);
        assert.ok(verdict.ok, verdict.output);
        assert.equal(hiddenCharacter(xml), undefined);
      }
    });

    it(`when a run has no findings, then its ${format} report is valid against ${schema} too`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-clean-'));
      writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
      const result = runBuiltCli(['--format', format, 'cm.yaml'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      const verdict = xmllint(schema, result.stdout);
      assert.ok(verdict.ok, verdict.output);
      if (format === 'junit') assert.match(result.stdout, /<testcase name="no problems in 1 file, 1 object" classname="kube-netlint" time="0"\/>/);
      else assert.doesNotMatch(result.stdout, /<file /);
    });

    it(`when ${format} is validated against ${schema}, then a report with a wrong element fails (the schema does check)`, () => {
      const xml = lint(format, tree, ['apps']).replace(/<(failure|error) /, '<bogus ');
      assert.equal(xmllint(schema, xml).ok, false);
    });
  }

  it('when a finding quotes hostile names, then the JUnit failure message holds them as visible text and nothing else became markup', () => {
    const xml = lint('junit', hostileProject(), ['.']);
    assert.doesNotMatch(xml, /<x a=|<b>|<\/failure><x/);
    assert.match(xml, /&#60;b&#62;bold&#60;\/b&#62;/);
    assert.match(xml, /\\ufffe/);
  });

  it('when the golden tree and hostile names are reported as gitlab, then ajv validates every issue against the Code Quality schema and fingerprints are unique', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(schemas, 'gitlab-codequality.schema.json'), 'utf8')));
    for (const [cwd, paths] of [
      [tree, ['apps', 'edge']],
      [hostileProject(), ['.']],
    ] as const) {
      const issues = JSON.parse(lint('gitlab', cwd, paths)) as { fingerprint: string }[];
      assert.ok(issues.length > 0);
      assert.ok(validate(issues), ajv.errorsText(validate.errors));
      assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    }
    assert.equal(validate([{ description: 'x', check_name: 'r', fingerprint: 'f', severity: 'error', location: { path: 'a', lines: { begin: 1 } } }]), false, 'severity error is no GitLab severity');
  });

  it('when lines are added above a finding, then its GitLab fingerprint stays the same (GitLab would otherwise call it new)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-gitlab-'));
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: nothing\n  ports:\n    - port: 80\n';
    writeFileSync(join(dir, 's.yaml'), service);
    const before = JSON.parse(lint('gitlab', dir, ['s.yaml']));
    writeFileSync(join(dir, 's.yaml'), `# moved\n\n${service}`);
    const after = JSON.parse(lint('gitlab', dir, ['s.yaml']));
    assert.notDeepEqual(after.map((i: { location: unknown }) => i.location), before.map((i: { location: unknown }) => i.location));
    assert.deepEqual(after.map((i: { fingerprint: string }) => i.fingerprint), before.map((i: { fingerprint: string }) => i.fingerprint));
  });
});
