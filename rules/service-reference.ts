import { locateTarget } from '../src/model/locate.ts';
import type { NamespaceContext, NamespaceRule } from '../src/lint/types.ts';
import type { EnvValue, KubeObject, Protocol, Service, Workload } from '../src/model/types.ts';
import { nodeHead } from '../src/semantics/nodes.ts';
import { describeMember, describeWorkload, listSome } from '../src/semantics/describe.ts';
import { decidingRelated, verdictDoubt, verdictReason } from '../src/semantics/describe-verdict.ts';
import { workloadEndpoint, type Verdict } from '../src/semantics/policy.ts';
import { checkedTargetPort } from '../src/semantics/ports.ts';
import { describePodCreators } from '../src/semantics/pod-creators.ts';
import { creatorsOfService } from '../src/semantics/service-creators.ts';
import { findServiceReferences, type ServiceReference } from '../src/semantics/service-refs.ts';
import type { SourceFile, Span } from '../src/source/types.ts';

/** A string that may name Services, and the workloads whose connections it describes. */
interface Text {
  readonly object: KubeObject;
  readonly value: EnvValue;
  readonly users: readonly Workload[];
}

/** Flags Service names in env values, arguments and ConfigMaps that name no Service, no port of it, or traffic the policies refuse. */
export const rule: NamespaceRule = {
  meta: {
    id: 'service-reference',
    severity: 'warning',
    unevaluatedPolicies: { blocked: 'warning' },
    description: 'Service names in env values, arguments and ConfigMap data must name an existing Service and port that the NetworkPolicies let the workload reach.',
    messages: {
      unknownService: '"{{reference}}" names Service "{{service}}" in namespace "{{namespace}}", which is not in the linted files{{hint}}; fix the name or add the Service',
      unknownPort: '"{{reference}}" connects to port {{port}}{{defaultPort}} of Service "{{service}}", which has no such port (its ports: {{ports}}); use one of its ports',
      blocked:
        '{{workloads}} may not reach Service "{{service}}" ("{{reference}}") on {{target}}: {{reason}}; allow this traffic in the NetworkPolicies, or its connections will time out',
    },
    remediation:
      'Name Services as <service>.<namespace> (or the full <service>.<namespace>.svc.<cluster-domain>) with one of their ports, and allow the connection in both the egress policies of the client and the ingress policies of the Service pods.',
  },
  checkNamespace(context) {
    const { namespace } = context;
    // Who uses a text is worked out only for a text that names something: most name nothing.
    const check = (object: KubeObject, value: EnvValue, usersOf: () => readonly Workload[]) => {
      const references = referencesIn(value, context.settings.clusterDomain);
      if (references.length === 0) return;
      const users = usersOf();
      for (const reference of references) checkReference(context, { object, value, users }, reference);
    };
    // Once per reach node (a Deployment with its exported ReplicaSets and Pods): the head's texts, as
    // used by every member policies tell apart; a member's own texts only where they differ from the head's.
    const engine = context.policies;
    context.each(namespace.nodes.map((node) => ({ object: nodeHead(node).object, node })), ({ node }) => {
      const members = node.workloads;
      const head = members[0]!;
      let users: readonly Workload[] | undefined;
      const headUsers = () => (users ??= engine.distinctWorkloads(members));
      for (const container of head.template.containers) {
        for (const value of container.env) check(head.object, value, headUsers);
        for (const value of container.args) check(head.object, value, headUsers);
      }
      if (members.length === 1) return;
      const shared = new Set(textsOf(head).map(textKey));
      for (const member of members.slice(1)) for (const text of textsOf(member)) if (!shared.has(textKey(text))) check(member.object, text.value, () => [member]);
    });
    const readers = new Map<string, Workload[]>();
    // A pod reads the ConfigMaps of its own namespace only.
    for (const workload of namespace.workloads) {
      for (const name of new Set(workload.template.configMaps.map((use) => use.name))) {
        const key = `${workload.object.namespace}/${name}`;
        const list = readers.get(key);
        if (list) list.push(workload);
        else readers.set(key, [workload]);
      }
    }
    context.each(namespace.configMaps, (configMap) => {
      const { namespace, name } = configMap.object;
      const candidates = readers.get(`${namespace}/${name}`) ?? [];
      for (const value of configMap.data) {
        check(configMap.object, value, () => {
          // A volume with items, or a configMapKeyRef, reads only the keys it names.
          const readersOfKey = new Set(candidates.filter((w) => w.template.configMaps.some((use) => use.name === name && (!use.keys || use.keys.includes(value.name)))));
          // One reach node reads once: its members that policies tell apart, head first.
          return [...new Set([...readersOfKey].map((w) => context.relations.nodeOf(w)))].flatMap((node) => engine.distinctWorkloads(node.workloads.filter((w) => readersOfKey.has(w))));
        });
      }
    });
  },
};

/** An env value or argument of a container. */
interface ContainerText {
  readonly container: string;
  readonly value: EnvValue;
  readonly env: boolean;
}

/** A workload's env values and arguments. */
function textsOf(workload: Workload): ContainerText[] {
  return workload.template.containers.flatMap((container) => [
    ...container.env.map((value) => ({ container: container.name, value, env: true })),
    ...container.args.map((value) => ({ container: container.name, value, env: false })),
  ]);
}

/** Equal for the same text in the same container of another workload (built only for nodes of several workloads). */
function textKey({ container, value, env }: ContainerText): string {
  return env ? `${container}\0env\0${value.name}\0${value.value}` : `${container}\0args\0${value.value}`;
}

/**
 * Candidates by text, found once per text: the scan is a pure function of the text and the cluster
 * domain, and texts repeat (flags, log levels, URLs: the benchmark tree's 45,000 env values and
 * arguments are 3,700 texts, a real-world corpus's 22,000 are 2,600). Keyed by the string rather than
 * by the value object, which spared no scan within a run and cost a weak-map entry per value. Kept
 * across runs (the language server lints again and again) for one cluster domain at a time, and bounded:
 * emptied once it holds `MAX_CACHED_CHARS` characters of text (ConfigMap data can be large).
 */
const referencesCache = new Map<string, readonly ServiceReference[]>();
let referencesDomain: string | undefined;
let cachedChars = 0;
const MAX_CACHED_CHARS = 16 * 1024 * 1024;
/** Most texts name no Service: they share one empty list. */
const NO_REFERENCES: readonly ServiceReference[] = Object.freeze([]);

function referencesIn(value: EnvValue, clusterDomain: string): readonly ServiceReference[] {
  const text = value.value;
  if (clusterDomain !== referencesDomain) {
    referencesDomain = clusterDomain;
    referencesCache.clear();
    cachedChars = 0;
  }
  const cached = referencesCache.get(text);
  if (cached) return cached;
  const found = findServiceReferences(text, clusterDomain);
  const references = found.length > 0 ? found : NO_REFERENCES;
  if (cachedChars + text.length > MAX_CACHED_CHARS) {
    referencesCache.clear();
    cachedChars = 0;
  }
  referencesCache.set(text, references);
  cachedChars += text.length;
  return references;
}

function checkReference(context: NamespaceContext, text: Text, reference: ServiceReference): void {
  const namespace = reference.namespace ?? text.object.namespace;
  const service = context.relations.service(namespace, reference.service);
  // Located only when reported: locating every reference would read the source map of most files.
  const at = () => referencePlace(text, reference);
  const data = { reference: reference.text, service: reference.service, namespace };
  if (!service) {
    // A bare word is a reference only when it names a Service; other forms only in namespaces the tree holds.
    if (reference.form === 'bare' || !context.relations.holdsNamespace(namespace)) return;
    // kubernetes.default.svc and the DNS Service exist in every cluster; their pods are not the tree's.
    if (context.relations.isWellKnownService(namespace, reference.service)) return;
    // An operator creates it for a custom resource of that namespace (CloudNativePG's `<cluster>-rw`).
    const creators = context.relations.serviceCreatorsIn(namespace);
    if (creatorsOfService(creators, reference.service).length > 0) return;
    const elsewhere = context.relations.servicesNamedElsewhere(namespace, reference.service).map((s) => `"${s.object.namespace}"`);
    const hints = [
      ...(elsewhere.length > 0 ? [`a Service of that name exists in namespace ${listSome(elsewhere)}`] : []),
      ...(creators.length > 0 ? [`${describePodCreators(creators)} there may create it`] : []),
    ];
    const hint = hints.map((h) => `; ${h}`).join('');
    context.report({ messageId: 'unknownService', data: { ...data, hint }, at: at() });
    return;
  }
  if (service.type === 'ExternalName') return;
  const servicePorts = reference.port === undefined ? service.ports : service.ports.filter((p) => p.port === reference.port);
  // A headless Service is not proxied: clients connect to the pods on the port they name.
  if (servicePorts.length === 0 && !service.headless) {
    const ports = service.ports.flatMap((p) => (p.port === undefined ? [] : [String(p.port)])).join(', ') || 'none';
    const defaultPort = reference.defaultPortOf ? ` (the default port of ${reference.defaultPortOf})` : '';
    context.report({ messageId: 'unknownPort', data: { ...data, port: reference.port!, defaultPort, ports }, at: at(), related: [{ at: { object: service.object, path: ['spec', 'ports'] }, message: `ports of Service "${service.object.name}"` }] });
    return;
  }
  const destinations = context.relations.selectedWorkloads(service);
  const engine = context.policies;
  const nodeOf = (workload: Workload) => context.relations.nodeOf(workload);
  const blocked: { user: Workload; verdict: Verdict; target: string }[] = [];
  for (const user of text.users) {
    // A pod naming its own Service (a peer list, its own command line) is not a client of it, nor of
    // the other pods of its reach node (its ReplicaSet's and exported Pods).
    const others = destinations.filter((d) => nodeOf(d) !== nodeOf(user));
    if (others.length === 0) continue;
    let first: { destination: Workload; port: number; protocol: Protocol } | undefined;
    const reachable = others.some((destination) =>
      targets(service, servicePorts, destination, reference).some(({ port, protocol }) => {
        first ??= { destination, port, protocol };
        return engine.allows(workloadEndpoint(user), workloadEndpoint(destination), { port, protocol });
      }),
    );
    if (reachable || !first) continue;
    // Refused: explain the first connection tried.
    const { destination, port, protocol } = first;
    const verdict = engine.evaluate(workloadEndpoint(user), workloadEndpoint(destination), { port, protocol });
    blocked.push({ user, verdict, target: `${protocol} ${port} of ${describeWorkload(destination, destination.object.namespace !== user.object.namespace)}` });
  }
  if (blocked.length === 0) return;
  const { verdict, target, user } = blocked[0]!;
  const ends = { source: describeWorkload(user, true), destination: "the Service's pods" };
  context.report({
    messageId: 'blocked',
    data: { ...data, workloads: listSome(blocked.map((b) => describeMember(b.user, nodeOf(b.user)))), target, reason: verdictReason(verdict, ends) },
    at: at(),
    related: [...decidingRelated(verdict, ends), { at: { object: service.object, path: ['metadata', 'name'] }, message: `Service "${service.object.name}" in namespace "${service.object.namespace}"` }],
    // Certain only when some refusal is: one that a peer not evaluated may allow is not.
    ...(blocked.every((b) => verdictDoubt(b.verdict)) ? { doubt: verdictDoubt(verdict)! } : {}),
  });
}

/** Where the reference sits: its own characters when the value is written verbatim in the file, else the whole value. */
/**
 * The reference's place in the file the value's location maps to: for a rendered object that is the
 * template, base or patch defining the value, not the rendered stream the object was read from.
 */
function referencePlace(text: Text, reference: ServiceReference): { file: SourceFile; span: Span; note?: string } {
  const place = locateTarget({ object: text.object, path: text.value.path });
  const { file, span } = place;
  const raw = file.text.slice(span.start, span.end);
  // The n-th occurrence in the value is the n-th in the source when the scalar has no escapes.
  const occurrence = text.value.value.slice(0, reference.start).split(reference.text).length - 1;
  let index = -1;
  for (let n = 0; n <= occurrence; n++) {
    index = raw.indexOf(reference.text, index + 1);
    if (index < 0) return place;
  }
  return { ...place, span: { start: span.start + index, end: span.start + index + reference.text.length } };
}

/** The ports and protocols a connection through the Service uses on one destination. */
function targets(service: Service, servicePorts: Service['ports'], destination: Workload, reference: ServiceReference): { port: number; protocol: Protocol }[] {
  if (service.headless && reference.port !== undefined) return [{ port: reference.port, protocol: servicePorts[0]?.protocol ?? 'TCP' }];
  return servicePorts.flatMap((p) => {
    const port = checkedTargetPort(destination, p);
    return port === undefined ? [] : [{ port, protocol: p.protocol }];
  });
}

export default rule;
