// The "elsewhere" hints (a Service, Secret or matching workload of the same name or labels in another
// namespace, an Endpoints object of a Service) are indexed lookups: a tree with many unknown
// references costs one pass over the model per kind, not one per reference (a 10 MB tree spent a
// third of its lint scanning every Service for every unknown name). The answers are the same as a
// scan's, in the same order; the cost is asserted by counting reads of the model's lists, not by time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/app/config.ts';
import { buildModel } from '../../src/model/build.ts';
import type { Model } from '../../src/model/types.ts';
import { Relations } from '../../src/semantics/relations.ts';
import { parseSources } from '../../src/source/parse.ts';
import { random } from '../../bench/generate.ts';

const NAMES = ['api', 'db', 'cache', 'web', 'queue'];

/** Services, Secrets, Endpoints and Deployments of a few names, in namespaces interleaved in file order. */
function model(seed: number, count = 300): Model {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const ns = `ns-${Math.floor(rnd() * 12)}`;
    const name = pick(NAMES);
    docs.push(
      pick([
        `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: {app: ${name}}, ports: [{port: 80}]}\n`,
        `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}-tls-${i % 3}, namespace: ${ns}}\ntype: kubernetes.io/tls\n`,
        `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${name}, namespace: ${ns}}\n`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}-${i}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}, tier: t${i % 3}}}\n    spec: {containers: [{name: c, image: x}]}\n`,
      ]),
    );
  }
  return buildModel(parseSources([{ path: 'all.yaml', absPath: '/all.yaml', text: docs.join('---\n') }]), DEFAULT_CONFIG.cluster);
}

/** `list` behind a proxy that counts how many of its items are read. */
function counted<T>(list: readonly T[]): { readonly list: readonly T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(list as T[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { list: proxy, reads: () => reads };
}

const namespaces = Array.from({ length: 13 }, (_, i) => `ns-${i}`);

describe('name lookups across namespaces', () => {
  for (const seed of [1, 2, 3]) {
    it(`when a model (seed ${seed}) is asked about every name in every namespace, then each answer equals a scan of the model, in model order`, () => {
      const m = model(seed);
      const relations = new Relations(m);
      for (const ns of namespaces) {
        for (const name of NAMES) {
          assert.deepEqual(relations.servicesNamedElsewhere(ns, name), m.services.filter((s) => s.object.name === name && s.object.namespace !== ns));
          assert.deepEqual(relations.servicesIn(ns), m.services.filter((s) => s.object.namespace === ns));
          assert.deepEqual(relations.endpointsOf(ns, name), m.endpoints.filter((e) => e.serviceName === name && e.object.namespace === ns));
          const secret = `${name}-tls-1`;
          assert.deepEqual(relations.secretsNamedElsewhere(ns, secret), m.secrets.filter((s) => s.name === secret && s.namespace !== ns));
          const selector = { matchLabels: { app: name }, matchExpressions: [] };
          // A query per namespace, in the order namespaces first appear: what the hints list and relate.
          const perNamespace = [...new Set(m.workloads.map((w) => w.object.namespace))].filter((other) => other !== ns).flatMap((other) => relations.workloadsMatching(other, selector));
          assert.deepEqual(relations.workloadsMatchingElsewhere(ns, selector), perNamespace);
        }
      }
    });
  }

  it('when a thousand unknown names are looked up, then the model lists are read once each, not once per lookup', () => {
    const m = model(4, 600);
    const services = counted(m.services);
    const secrets = counted(m.secrets);
    const endpoints = counted(m.endpoints);
    const relations = new Relations({ ...m, services: services.list, secrets: secrets.list, endpoints: endpoints.list });
    const afterConstruction = services.reads();
    for (let i = 0; i < 1000; i++) {
      relations.servicesNamedElsewhere(`ns-${i % 13}`, `missing-${i}`);
      relations.secretsNamedElsewhere(`ns-${i % 13}`, `missing-${i}`);
      relations.endpointsOf(`ns-${i % 13}`, `missing-${i}`);
    }
    assert.ok(services.reads() - afterConstruction <= m.services.length, `${services.reads() - afterConstruction} reads of ${m.services.length} services`);
    assert.ok(secrets.reads() <= m.secrets.length, `${secrets.reads()} reads of ${m.secrets.length} secrets`);
    assert.ok(endpoints.reads() <= m.endpoints.length, `${endpoints.reads()} reads of ${m.endpoints.length} endpoints`);
  });
});
