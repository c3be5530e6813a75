/**
 * The unknown-field rule's option knownFields is the config's word that a newer API has the field: the
 * analysis (explain's notes on entries, the caveat of reach and lint) must then not say the field was
 * dropped, as the rule does not report it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../src/app/config.ts';
import { buildModel } from '../src/model/build.ts';
import type { Model } from '../src/model/types.ts';
import { explainPairs, explainText, resolveEndpoints } from '../src/reach/explain.ts';
import { parseNodeQuery, type NodeQuery } from '../src/reach/filter.ts';
import { caveatsOf } from '../src/semantics/blind-spots.ts';
import { parseSources } from '../src/source/parse.ts';
import { toSourceFiles } from './support/rule-tester.ts';

const manifests = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: srv, namespace: demo}\nspec:\n  selector: {matchLabels: {app: srv}}\n  template:\n    metadata: {labels: {app: srv}}\n    spec: {containers: [{name: c, image: i}]}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cli, namespace: other}\nspec:\n  selector: {matchLabels: {app: cli}}\n  template:\n    metadata: {labels: {app: cli}}\n    spec: {containers: [{name: c, image: i}]}\n',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: other, labels: {team: a}}\n',
  // podSelectr: unknown to Kubernetes 1.34, so a client that only warns drops it and the peer admits every pod of team=a.
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: demo}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: a}}\n      podSelectr: {matchLabels: {app: admin}}\n',
].join('---\n');

const modelWith = (raw: Record<string, unknown>): Model => buildModel(parseSources(toSourceFiles(manifests)), resolveConfig(raw).cluster);
const query = (text: string) => parseNodeQuery(text) as NodeQuery;
const explained = (model: Model) => explainText(explainPairs(model, resolveEndpoints(model, query('other/cli')), resolveEndpoints(model, query('demo/srv')), {}));
const droppedCaveats = (model: Model) => caveatsOf(model).filter((c) => c.about === 'unknown-field');

describe('fields the config declares known, in the analysis', () => {
  it('when the config does not declare the field, then explain and the caveat say the policy was read without it', () => {
    const model = modelWith({});
    assert.match(explained(model), /not certain: evaluated without the unknown field "podSelectr"/);
    assert.equal(droppedCaveats(model).length, 1);
  });
  it('when the config declares the field known (unknown-field option knownFields), then neither explain nor the caveat says it was dropped', () => {
    const model = modelWith({ rules: { 'unknown-field': { options: { knownFields: ['NetworkPolicy.spec.ingress.from.podSelectr'] } } } });
    const text = explained(model);
    assert.match(text, /demo\/np ingress\[0\]/);
    assert.doesNotMatch(text, /unknown field/);
    assert.deepEqual(droppedCaveats(model), []);
  });
  it('when the config declares another field known, then the note and the caveat stay', () => {
    const model = modelWith({ rules: { 'unknown-field': { severity: 'off', options: { knownFields: ['Service.spec.futureField'] } } } });
    assert.match(explained(model), /unknown field "podSelectr"/);
    assert.equal(droppedCaveats(model).length, 1);
  });
});
