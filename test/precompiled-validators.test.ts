import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { kindModuleOf } from '../src/model/kinds/index.ts';
import { AJV_OPTIONS, schemaKey, type Validator } from '../src/schema/compile-options.ts';
import { PRECOMPILED } from '../src/schema/precompiled.generated.js';
import { generateValidators, PRECOMPILED_PATH, schemaUses } from '../scripts/schemas/validators.ts';
import { random } from './support/random-manifests.ts';

// The schemas are compiled ahead of time (scripts/schemas/validators.ts, `npm run schemas`); the
// runtime compiler, with the same options, is the reference their error objects are held to.

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every YAML document of the rule docs' examples and of the fixture trees, as values. */
function sampleObjects(): Record<string, unknown>[] {
  const texts: string[] = [];
  for (const name of readdirSync(join(root, 'rules')).sort()) {
    if (!name.endsWith('.md')) continue;
    for (const block of readFileSync(join(root, 'rules', name), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)) texts.push(block[1]!);
  }
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(root, 'test', 'fixtures'));
  const objects: Record<string, unknown>[] = [];
  for (const text of texts) {
    for (const doc of parseAllDocuments(text)) {
      if (!('toJS' in doc)) continue;
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch {
        continue;
      }
      if (value && typeof value === 'object' && !Array.isArray(value)) objects.push(value as Record<string, unknown>);
    }
  }
  return objects;
}

/** Copies of `value` with one field changed: a wrong type or value at a leaf, or a field removed. */
function mutants(value: unknown, next: () => number, count: number): unknown[] {
  const paths: (string | number)[][] = [];
  const collect = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) node.forEach((item, index) => collect(item, [...path, index]));
    else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) collect(child, [...path, key]);
    if (path.length > 0) paths.push(path);
  };
  collect(value, []);
  const replacements: unknown[] = [70000, -1, 0, '', 'Not A Name!', 'TCP', '8080', true, null, [], {}, { x: 1 }, ['a'], 'a'.repeat(300)];
  const out: unknown[] = [];
  for (let n = 0; n < count && paths.length > 0; n++) {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    const path = paths[Math.floor(next() * paths.length)]!;
    let parent: Record<string | number, unknown> = copy;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (next() < 0.2 && !Array.isArray(parent)) delete parent[last];
    else parent[last] = replacements[Math.floor(next() * replacements.length)];
    out.push(copy);
  }
  return out;
}

describe('the precompiled validators', () => {
  it('when they are generated from the schemas as committed, then the generated file equals the committed one (run npm run schemas after editing a schema or a rule option schema)', () => {
    assert.ok(readFileSync(join(root, PRECOMPILED_PATH), 'utf8') === generateValidators(), `${PRECOMPILED_PATH} is stale: run npm run schemas`);
  });

  it('when the tool validates against a kind, config or rule option schema, then a precompiled validator is there for its content', () => {
    const missing = schemaUses().filter(({ schema, referenced }) => !PRECOMPILED.has(schemaKey(schema, referenced)));
    assert.deepEqual(missing.map(({ schema }) => (schema as { $id?: string }).$id ?? JSON.stringify(schema).slice(0, 80)), []);
  });

  it('when a schema differs from the one a validator was generated from, then no precompiled validator answers for it', () => {
    const { schema, referenced } = schemaUses()[0]!;
    const edited = { ...schema, required: ['metadata', 'spec', 'status'] };
    assert.ok(PRECOMPILED.has(schemaKey(schema, referenced)));
    assert.ok(!PRECOMPILED.has(schemaKey(edited, referenced)));
  });

  it('when the examples, fixtures and their mutants are validated, then each precompiled validator gives the error objects of the runtime compiler', () => {
    const ajv = new Ajv(AJV_OPTIONS);
    const runtime = new Map<object, Validator>();
    const registered = new Set<object>();
    const next = random(14);
    let compared = 0;
    let failing = 0;
    for (const object of sampleObjects()) {
      const module = typeof object.kind === 'string' && typeof object.apiVersion === 'string' ? kindModuleOf(object.kind, object.apiVersion) : undefined;
      if (!module?.schema) continue;
      const referenced = module.referencedSchemas ?? [];
      const precompiled = PRECOMPILED.get(schemaKey(module.schema, referenced))!;
      let reference = runtime.get(module.schema);
      if (!reference) {
        for (const other of referenced) {
          if (registered.has(other)) continue;
          const id = (other as { $id?: unknown }).$id;
          if (typeof id !== 'string' || !ajv.getSchema(id)) ajv.addSchema(other);
          registered.add(other);
        }
        runtime.set(module.schema, (reference = ajv.compile(module.schema)));
      }
      for (const value of [object, ...mutants(object, next, 8)]) {
        const valid = precompiled(value);
        assert.equal(valid, reference(value), JSON.stringify(value));
        assert.deepEqual(precompiled.errors ?? null, reference.errors ?? null, JSON.stringify(value));
        compared++;
        if (!valid) failing++;
      }
    }
    // The comparison means something only over many documents, many of them invalid.
    assert.ok(compared > 2000 && failing > 1000, `compared ${compared}, of which ${failing} invalid`);
  });
});
