import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateSchemas } from '../scripts/schemas/generate.ts';

// The kinds' schemas are generated (scripts/schemas/README.md): from the OpenAPI definitions the
// installed kubernetes-models packages ship, and the overlays beside the generator.

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'kube-netlint-schemas-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Generates from one overlay file of family `test`, written to a scratch directory. */
async function generateOne(overlay: object): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(scratch, 'overlays-'));
  mkdirSync(join(dir, 'test'));
  writeFileSync(join(dir, 'test', 'probe.schema.json'), JSON.stringify(overlay));
  const generated = await generateSchemas(root, dir);
  return JSON.parse(generated.get('schemas/test/probe.schema.json')!) as Record<string, unknown>;
}

describe('the generated kind schemas', () => {
  it('when the schemas are regenerated from the installed packages, then each equals the committed file (run npm run schemas after editing an overlay)', async () => {
    const generated = await generateSchemas(root);
    assert.ok(generated.size >= 16, `only ${generated.size} generated files`);
    const stale = [...generated].filter(([path, text]) => readFileSync(join(root, path), 'utf8') !== text).map(([path]) => path);
    assert.deepEqual(stale, []);
  });

  it('when an overlay lists fields of a definition, then their types, enums and required come from the OpenAPI definition', async () => {
    const schema = await generateOne({ 'x-openapi': 'io.k8s.api.core.v1.ServicePort', properties: { name: {}, port: {}, protocol: {}, targetPort: {} } });
    assert.deepEqual(schema.required, ['port']);
    assert.deepEqual(schema.properties, {
      name: { type: 'string' },
      port: { type: 'integer' },
      protocol: { enum: ['SCTP', 'TCP', 'UDP'] },
      targetPort: { type: ['integer', 'string'] },
    });
    assert.match(String(schema.$comment), /kubernetes-models \d+\.\d+\.\d+/);
  });

  it('when an overlay writes a field itself, then it wins over the definition, and nested objects and lists of scalars are derived', async () => {
    const schema = await generateOne({
      'x-openapi': 'io.k8s.api.networking.v1.NetworkPolicySpec',
      properties: {
        podSelector: { $ref: 'common.schema.json#/definitions/labelSelector' },
        policyTypes: {},
        ingress: { items: { properties: { from: { items: { properties: { ipBlock: { properties: { cidr: { pattern: '/' }, except: {} } } } } } } } },
      },
    });
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.podSelector, { $ref: 'common.schema.json#/definitions/labelSelector' });
    assert.deepEqual(properties.policyTypes, { type: 'array', items: { enum: ['Egress', 'Ingress'] } });
    const ipBlock = (((properties.ingress!.items as Record<string, any>).properties.from.items.properties.ipBlock) as Record<string, unknown>);
    assert.deepEqual(ipBlock, { type: 'object', required: ['cidr'], properties: { cidr: { type: 'string', pattern: '/' }, except: { type: 'array', items: { type: 'string' } } } });
  });

  it('when a field the OpenAPI requires is declared optional by the overlay, then it is not required', async () => {
    const schema = await generateOne({ 'x-openapi': 'io.k8s.api.core.v1.ServicePort', 'x-openapi-optional': ['port'], properties: { port: {} } });
    assert.equal(schema.required, undefined);
  });

  it('when an overlay names a field the definition does not have, then generation fails naming it', async () => {
    await assert.rejects(generateOne({ 'x-openapi': 'io.k8s.api.core.v1.ServicePort', properties: { targetport: {} } }), /"targetport", which IoK8sApiCoreV1ServicePort does not have/);
  });

  it('when a field refers to a shared definition that describes another OpenAPI definition, then generation fails naming both', async () => {
    const definitions = {
      podSpec: { 'x-openapi': 'io.k8s.api.core.v1.PodSpec', properties: { hostNetwork: {} } },
      meta: { allOf: [{ $ref: '#/definitions/objectMeta' }] },
      objectMeta: { 'x-openapi': 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', properties: { name: {} } },
    };
    const right = await generateOne({ 'x-openapi': 'io.k8s.api.core.v1.PodTemplateSpec', properties: { metadata: { $ref: '#/definitions/meta' }, spec: { $ref: '#/definitions/podSpec' } }, definitions });
    assert.deepEqual(right.properties, { metadata: { $ref: '#/definitions/meta' }, spec: { $ref: '#/definitions/podSpec' } });
    await assert.rejects(
      generateOne({ 'x-openapi': 'io.k8s.api.core.v1.PodTemplateSpec', properties: { metadata: { $ref: '#/definitions/podSpec' } }, definitions }),
      /"\$ref": "#\/definitions\/podSpec" describes IoK8sApiCoreV1PodSpec, but the field is a IoK8sApimachineryPkgApisMetaV1ObjectMeta/,
    );
  });

  it('when one node stands for several definitions that disagree on a field, then generation fails', async () => {
    // A ReplicaSet's template is optional and a Deployment's required: the same type, so they agree; their replicas too.
    await assert.doesNotReject(generateOne({ 'x-openapi': ['io.k8s.api.apps.v1.DeploymentSpec', 'io.k8s.api.apps.v1.ReplicaSetSpec'], properties: { replicas: {}, template: {} } }));
    await assert.rejects(generateOne({ 'x-openapi': ['io.k8s.api.core.v1.ServiceSpec', 'io.k8s.api.apps.v1.DeploymentSpec'], properties: { selector: {} } }), /disagree/);
  });
});
