import type { Rule } from '../src/lint/types.ts';
import { isModelled } from '../src/model/build.ts';
import { validateAgainst } from '../src/schema/validate.ts';
import { plainScalarAt } from '../src/source/plain-scalar.ts';
import common from '../schemas/kubernetes/common.schema.json' with { type: 'json' };
import cronJob from '../schemas/kubernetes/cronjob.schema.json' with { type: 'json' };
import daemonSet from '../schemas/kubernetes/daemonset.schema.json' with { type: 'json' };
import deployment from '../schemas/kubernetes/deployment.schema.json' with { type: 'json' };
import endpoints from '../schemas/kubernetes/endpoints.schema.json' with { type: 'json' };
import endpointSlice from '../schemas/kubernetes/endpointslice.schema.json' with { type: 'json' };
import ingress from '../schemas/kubernetes/ingress.schema.json' with { type: 'json' };
import ingressClass from '../schemas/kubernetes/ingressclass.schema.json' with { type: 'json' };
import job from '../schemas/kubernetes/job.schema.json' with { type: 'json' };
import namespace from '../schemas/kubernetes/namespace.schema.json' with { type: 'json' };
import networkPolicy from '../schemas/kubernetes/networkpolicy.schema.json' with { type: 'json' };
import pod from '../schemas/kubernetes/pod.schema.json' with { type: 'json' };
import replicaSet from '../schemas/kubernetes/replicaset.schema.json' with { type: 'json' };
import replicationController from '../schemas/kubernetes/replicationcontroller.schema.json' with { type: 'json' };
import service from '../schemas/kubernetes/service.schema.json' with { type: 'json' };
import statefulSet from '../schemas/kubernetes/statefulset.schema.json' with { type: 'json' };

/** The schema of each validated kind (Secrets and ConfigMaps are read for names only and not validated). */
const SCHEMAS: Readonly<Record<string, { properties: { apiVersion: { enum: string[] } } }>> = {
  CronJob: cronJob,
  DaemonSet: daemonSet,
  Deployment: deployment,
  Endpoints: endpoints,
  EndpointSlice: endpointSlice,
  Ingress: ingress,
  IngressClass: ingressClass,
  Job: job,
  Namespace: namespace,
  NetworkPolicy: networkPolicy,
  Pod: pod,
  ReplicaSet: replicaSet,
  ReplicationController: replicationController,
  Service: service,
  StatefulSet: statefulSet,
};

/** The apiVersion of kinds read but not validated, and of `List`. */
const OTHER_API_VERSIONS: Readonly<Record<string, string>> = { ConfigMap: 'v1', Secret: 'v1', List: 'v1' };

/** The apiVersion to write for a kind the tool knows, or undefined. */
function apiVersionOf(kind: string): string | undefined {
  if (Object.hasOwn(SCHEMAS, kind)) return SCHEMAS[kind]!.properties.apiVersion.enum[0];
  return Object.hasOwn(OTHER_API_VERSIONS, kind) ? OTHER_API_VERSIONS[kind] : undefined;
}

/** Validates every modelled object against its kind's schema in schemas/kubernetes/ and reports each violation at its field. */
export const rule: Rule = {
  meta: {
    id: 'schema',
    severity: 'error',
    scope: 'document',
    description: 'Fields the tool reads must have the types and values the Kubernetes API server accepts.',
    messages: {
      invalid: '{{problem}}',
      apiVersion:
        'apiVersion "{{found}}" of {{kind}} is not served by current Kubernetes; use "{{expected}}" (its fields were not validated, as they differ between versions)',
      noApiVersion:
        'this {{kind}} has no apiVersion, so kubectl rejects it ("apiVersion not set") and it was not analysed; add apiVersion: {{expected}}',
      noApiVersionUnknown:
        'this {{kind}} has no apiVersion, so kubectl rejects it ("apiVersion not set") and it was not analysed; add the apiVersion (group/version) of the API that serves {{kind}}',
      noKind:
        'this object of apiVersion "{{apiVersion}}" has no kind, so kubectl rejects it ("kind not set") and it was not analysed; add its kind (Service, Deployment, ...)',
      kindCase:
        'kind "{{kind}}" is not served by Kubernetes: kinds are case-sensitive, so kubectl finds no match for it and rejects the object, and it was not analysed; write kind: {{expected}}',
    },
    remediation:
      'Correct the field as the message says: the API server would reject the object. Port numbers are 1-65535, protocols TCP, UDP or SCTP, names lower-case DNS names, port names IANA service names (at most 15 characters).',
  },
  check(context) {
    // Not objects of the model: reported at the key that is written, where the other one belongs.
    for (const { doc, path, kind, apiVersion, kindAs } of context.model.incompleteObjects) {
      if (kind !== undefined && kindAs !== undefined) {
        context.report({ messageId: 'kindCase', data: { kind, expected: kindAs }, at: { doc, path: [...path, 'kind'] } });
      } else if (kind !== undefined) {
        const expected = apiVersionOf(kind);
        const at = { doc, path: [...path, 'kind'], key: true };
        if (expected) context.report({ messageId: 'noApiVersion', data: { kind, expected }, at });
        else context.report({ messageId: 'noApiVersionUnknown', data: { kind }, at });
      } else if (apiVersion !== undefined) {
        context.report({ messageId: 'noKind', data: { apiVersion }, at: { doc, path: [...path, 'apiVersion'], key: true } });
      }
    }
    context.each(context.model.objects, (object) => {
      const schema = SCHEMAS[object.kind];
      // A custom resource read as a workload (Knative's Service) is not the built-in kind of its name.
      if (!schema || !isModelled(object.kind, object.apiVersion)) return;
      // An item of a typed list (PodList) takes its apiVersion from the list: validated as if written, reported where the list writes it.
      const raw = object.listPath ? { ...object.raw, apiVersion: object.apiVersion } : object.raw;
      // A field written as null is unset to the API server (`matchLabels:` with no value), never a type error.
      const problems = validateAgainst(schema, raw, { nullIsUnset: true, referenced: [common], textOf: (path) => plainScalarAt(object.doc, [...object.path, ...path])?.text });
      if (problems.some((p) => p.path.length === 1 && p.path[0] === 'apiVersion')) {
        const data = { kind: object.kind, found: object.apiVersion, expected: schema.properties.apiVersion.enum.join('" or "') };
        const at = object.listPath ? { doc: object.doc, path: [...object.listPath, 'apiVersion'] } : { object, path: ['apiVersion'] };
        context.report({ messageId: 'apiVersion', data, at });
        return;
      }
      for (const problem of problems) {
        context.report({ messageId: 'invalid', data: { problem: problem.message }, at: { object, path: problem.path, key: problem.key } });
      }
    });
  },
};

export default rule;
