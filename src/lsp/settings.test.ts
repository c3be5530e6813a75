import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../app/config.ts';
import { applyEditorSettings, NO_SETTINGS, parseEditorSettings } from './settings.ts';

const ids = new Set(['service-target-port', 'service-exposure']);

describe('editor settings', () => {
  it('when every setting is valid, then each is read and nothing is reported', () => {
    const raw = { configPath: ' ci/netlint.yaml ', rules: { 'service-exposure': 'off' }, ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } };
    assert.deepEqual(parseEditorSettings(raw, ids), {
      settings: { configPath: 'ci/netlint.yaml', rules: { 'service-exposure': 'off' }, ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } },
      problems: [],
    });
  });

  it('when VS Code sends its defaults (empty strings and objects), then there are no settings', () => {
    assert.deepEqual(parseEditorSettings({ configPath: '', rules: {}, ingressController: {} }, ids), { settings: NO_SETTINGS, problems: [] });
    assert.deepEqual(parseEditorSettings(undefined, ids), { settings: NO_SETTINGS, problems: [] });
  });

  it('when a value is unusable, then it is left out with a problem naming it and the rest is kept', () => {
    const { settings, problems } = parseEditorSettings({ rules: { nope: 'error', 'service-exposure': 'fatal', 'service-target-port': 'warning' } }, ids);
    assert.deepEqual(settings, { rules: { 'service-target-port': 'warning' } });
    assert.deepEqual(problems, [
      'setting "kube-netlint.rules" names unknown rule "nope"; check the id with kube-netlint rules',
      'setting "kube-netlint.rules" gives rule "service-exposure" severity "fatal"; use error, warning, info or off',
    ]);
    assert.deepEqual(parseEditorSettings('on', ids).problems, ['kube-netlint settings must be an object; ignored']);
    assert.deepEqual(parseEditorSettings({ rules: ['x'] }, ids).problems, ['setting "kube-netlint.rules" must map rule ids to error, warning, info or off; ignored']);
  });

  it('when a rule with options in the config gets a severity from the editor, then it keeps its options', () => {
    const config = { ...DEFAULT_CONFIG, rules: { 'service-exposure': { severity: 'warning' as const, options: { allow: ['x'] } }, 'service-target-port': 'info' as const } };
    const applied = applyEditorSettings(config, { rules: { 'service-exposure': 'error', 'service-target-port': 'off' }, ingressController: { namespace: 'ingress' } });
    assert.deepEqual(applied.rules, { 'service-exposure': { severity: 'error', options: { allow: ['x'] } }, 'service-target-port': 'off' });
    assert.deepEqual(applied.cluster.ingressController, { namespace: 'ingress' });
    assert.equal(applyEditorSettings(config, NO_SETTINGS), config);
  });
});
