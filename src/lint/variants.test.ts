import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceFile } from '../source/types.ts';
import type { Diagnostic } from './types.ts';
import { mergeVariants } from './variants.ts';

const base: SourceFile = { path: 'base/service.yaml', absPath: '/r/base/service.yaml', text: 'x\n' };
const patch: SourceFile = { path: 'overlays/dev/patch.yaml', absPath: '/r/overlays/dev/patch.yaml', text: 'x\n' };

function finding(file: SourceFile, message: string, start = 0): Diagnostic {
  return { ruleId: 'service-selector-orphan', messageId: 'noneClose', severity: 'error', message, file, span: { start, end: start + 1 }, related: [] };
}

describe('mergeVariants', () => {
  it('when every variant has a finding at one place, then it is reported once, naming them all', () => {
    const merged = mergeVariants([
      { name: 'overlays/dev', diagnostics: [finding(base, 'selector "app=x" matches no pod')] },
      { name: 'overlays/prod', diagnostics: [finding(base, 'selector "app=x" matches no pod')] },
    ], 'overlays');
    assert.deepEqual(merged.map((m) => [m.diagnostic.message, m.variants]), [['selector "app=x" matches no pod (in every one of the 2 overlays: overlays/dev, overlays/prod)', ['overlays/dev', 'overlays/prod']]]);
  });

  it('when only some variants have a finding, then its message names them', () => {
    const merged = mergeVariants([
      { name: 'a.yaml', diagnostics: [finding(patch, 'm')] },
      { name: 'b.yaml', diagnostics: [finding(patch, 'm')] },
      { name: 'c.yaml', diagnostics: [] },
    ], 'values files');
    assert.deepEqual(merged.map((m) => m.diagnostic.message), ['m (only in values files a.yaml, b.yaml)']);
    const one = mergeVariants([{ name: 'dev', diagnostics: [finding(patch, 'm')] }, { name: 'prod', diagnostics: [] }], 'overlays');
    assert.deepEqual(one.map((m) => m.diagnostic.message), ['m (only in overlay dev)']);
  });

  it('when the variants word one finding differently (a name prefix), then the first wording is kept and the note says so', () => {
    const merged = mergeVariants([
      { name: 'dev', diagnostics: [finding(base, 'service "web"')] },
      { name: 'prod', diagnostics: [finding(base, 'service "prod-web"')] },
    ], 'overlays');
    assert.deepEqual(merged.map((m) => m.diagnostic.message), ['service "web" (in every one of the 2 overlays: dev, prod; the message as dev renders it)']);
  });

  it('when a variant has two findings at one place, then both stay, each joined with its counterpart', () => {
    const merged = mergeVariants([
      { name: 'dev', diagnostics: [finding(base, 'm'), finding(base, 'm')] },
      { name: 'prod', diagnostics: [finding(base, 'm')] },
    ], 'overlays');
    assert.deepEqual(merged.map((m) => m.variants), [['dev', 'prod'], ['dev']]);
  });

  it('when there is one variant, then its findings are kept as they are', () => {
    const only = finding(base, 'm');
    assert.deepEqual(mergeVariants([{ name: 'dev', diagnostics: [only] }], 'overlays'), [{ diagnostic: only, variants: ['dev'] }]);
  });
});
