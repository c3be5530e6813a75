import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';

// The one-way layers of docs/DEVELOPING.md, checked by dependency-cruiser with the committed
// .dependency-cruiser.cjs (`npx depcruise src rules --config .dependency-cruiser.cjs` prints the same).

const root = fileURLToPath(new URL('..', import.meta.url));
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as {
  forbidden: IForbiddenRuleType[];
  options: Record<string, unknown>;
};

/** Runs the committed rules over `paths` of `baseDir`. */
async function cruiseLayers(baseDir: string, paths: string[]): Promise<ICruiseResult> {
  const { tsConfig: _tsConfig, ...options } = config.options;
  const { output } = await cruise(paths, { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } });
  return output as ICruiseResult;
}

/** One line per violation: the rule, the import (or the cycle) and what to do. */
function violationsText(result: ICruiseResult): string {
  const advice = new Map(config.forbidden.map((rule) => [rule.name, rule.comment]));
  return result.summary.violations
    .map((v) => {
      const cycle = v.cycle?.map((step) => step.name).join(' -> ');
      return `${v.rule.name}: ${cycle ? `${v.from} -> ${cycle}` : `${v.from} imports ${v.to}`} (${advice.get(v.rule.name) ?? ''})`;
    })
    .join('\n');
}

describe('layers', () => {
  it('when the sources are cruised, then no import points up a layer, sideways between siblings, or round a cycle', async () => {
    const result = await cruiseLayers(root, ['src', 'rules']);
    // Every layer has modules: a rule whose paths matched nothing would pass without checking anything.
    const sources = result.modules.map((m) => m.source);
    for (const layer of ['src/util/', 'src/source/', 'src/model/', 'src/semantics/', 'src/lint/', 'rules/', 'src/reach/', 'src/format/', 'src/app/', 'src/cli/', 'src/action/', 'src/lsp/', 'src/main.ts']) {
      assert.ok(sources.some((source) => source.startsWith(layer)), `no module cruised under ${layer}`);
    }
    const errors = result.summary.violations.filter((v) => v.rule.severity === 'error');
    assert.equal(errors.length, 0, `imports against the layers (docs/DEVELOPING.md, "Layers"):\n${violationsText(result)}`);
  });

  const fixture = mkdtempSync(join(tmpdir(), 'kube-netlint-layers-'));
  after(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };

  it('when a lower layer imports a higher one, a sibling imports a sibling, or modules import each other, then each is reported', async () => {
    write('src/model/up.ts', "import { run } from '../lint/run.ts';\nexport const up = run;\n");
    write('src/lint/run.ts', "export const run = 1;\n");
    write('src/reach/side.ts', "import { run } from '../lint/run.ts';\nexport const side = run;\n");
    write('src/cli/a.ts', "import { b } from './b.ts';\nexport const a = (): number => b();\n");
    write('src/cli/b.ts', "import { a } from './a.ts';\nexport const b = (): number => a();\n");
    write('src/cli/lsp.ts', "import { server } from '../lsp/server.ts';\nexport const lsp = server;\n");
    write('src/lsp/server.ts', "export const server = 1;\n");
    write('src/newdir/x.ts', "import { run } from '../lint/run.ts';\nexport const x = run;\n");
    const result = await cruiseLayers(fixture, ['src']);
    const found = result.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${v.to}`).sort();
    assert.deepEqual(found, [
      'layer-cli src/cli/lsp.ts -> src/lsp/server.ts',
      'layer-model src/model/up.ts -> src/lint/run.ts',
      'layer-reach src/reach/side.ts -> src/lint/run.ts',
      'layer-unknown src/newdir/x.ts -> src/lint/run.ts',
      // A cycle is reported once, from one of its modules.
      'no-cycle src/cli/a.ts -> src/cli/b.ts',
    ]);
    const text = violationsText(result);
    assert.match(text, /^layer-model: src\/model\/up\.ts imports src\/lint\/run\.ts \(model imports only source, util: /m);
    assert.match(text, /^no-cycle: src\/cli\/a\.ts -> src\/cli\/b\.ts -> src\/cli\/a\.ts \(An import cycle/m);
  });
});
