/**
 * The check behind the "backend unreachable" rules (Ingress and OpenShift Route backends from the
 * ingress controller, Gateway route backends from the Gateway's data plane): whether a front door that
 * sends a Service's traffic to its pods may reach them on the target ports, under both sides'
 * NetworkPolicies. One place for the certainty rules: an error when the sender is known (configured,
 * or found in the tree for sure) or when the pods admit no source at all on the port; a warning naming
 * the assumption when the sender is guessed; a warning when nothing here says who it is.
 */
import type { Target } from './types.ts';
import type { RelatedTarget, RuleContext } from './types.ts';
import type { Protocol, Service, Workload } from '../model/types.ts';
import { workloadNodeIndex } from '../semantics/nodes.ts';
import { describeMember, describeWorkload, listSome } from '../semantics/describe.ts';
import { describeAnyPolicy, isolatingRelated, sideDoubt, verdictDoubt, type PolicyLocation } from '../semantics/describe-verdict.ts';
import { describeCandidates, type ControllerCandidate } from '../semantics/ingress-controllers.ts';
import { policyEngineOf, UNKNOWN_POD, workloadEndpoint, type Endpoint, type PolicyEngine } from '../semantics/policy.ts';

/** The sender when it is known: its endpoint, how messages name it, and the namespace whose egress policies may isolate it. */
export interface KnownSender {
  readonly endpoint: Endpoint;
  readonly who: string;
  readonly namespace?: string;
}

/** One backend to judge: a Service, the target ports on each selected workload, and where to report. */
export interface BackendToJudge {
  readonly service: Service;
  /** The container ports the sender connects to on a workload (checked ones: see `checkedTargetPort`). */
  readonly portsOn: (workload: Workload) => readonly number[];
  readonly at: Target;
  /** How messages name the sender in general (`the ingress controller`, `the data plane of Gateway "shop/public"`). */
  readonly sender: string;
  readonly known?: KnownSender;
  /** The guesses at the sender when it is not known (found lazily, once per front door). */
  readonly candidates: () => readonly ControllerCandidate[];
  /** Data every message of the rule takes besides the standard placeholders (`{{gateway}}`, ...). */
  readonly data?: Readonly<Record<string, string>>;
  /** The rule's message id for each kind of finding (see `judgeBackend`). */
  readonly messages: BackendMessages;
  /** What the sender opens (TCP unless said: a Gateway's UDPRoute sends UDP). */
  readonly protocol?: Protocol;
  /** Workloads of the tree on the host network that are or may be the sender (found lazily). */
  readonly hostNetworkSenders?: () => readonly Workload[];
}

/** Message ids by kind of finding. */
export interface BackendMessages {
  /** The known sender's own egress policies refuse it. */
  readonly egress: string;
  /** The pods' policies refuse the known sender. */
  readonly refused: string;
  /** The pods admit no source at all on the port. */
  readonly closed: string;
  /** The pods refuse every guess at the sender (a warning). */
  readonly assumed: string;
  /** Nothing says who the sender is, and the pods do not admit every in-cluster source (a warning). */
  readonly unknown: string;
}

/**
 * Judges one backend and reports with the rule's message ids (`BackendMessages`); placeholders
 * `controller` (the known sender, or the guesses), `targets`, `service`, `reason`, `policies`,
 * `namespace`, and the backend's own `data`.
 */
export function judgeBackend(context: RuleContext<any>, backend: BackendToJudge): void {
  const engine = policyEngineOf(context.model);
  const { nodeOf } = workloadNodeIndex(context.model);
  const { service, known } = backend;
  const protocol = backend.protocol ?? 'TCP';
  const refusals = { egress: new Refusal(), ingress: new Refusal(), closed: new Refusal(), assumed: new Refusal(), unknown: new Refusal() };
  let assumedGuess: readonly ControllerCandidate[] = [];
  let hostNetworkDoubt: string | undefined;
  const selected = new Set(context.relations.selectedWorkloads(service));
  // Once per reach node (a Deployment with its exported ReplicaSets and Pods), each member that policies tell apart.
  for (const node of new Set([...selected].map((w) => nodeOf.get(w)!))) {
    for (const workload of engine.distinctWorkloads(node.workloads.filter((w) => selected.has(w)))) {
      for (const port of backend.portsOn(workload)) {
        const target = `${describeMember(workload, node)} on ${protocol} ${port}`;
        const destination = workloadEndpoint(workload);
        const ends = { source: backend.sender, destination: describeWorkload(workload) };
        if (known) {
          const verdict = engine.evaluate(known.endpoint, destination, { port, protocol });
          const doubt = verdictDoubt(verdict);
          for (const side of [verdict.egress, verdict.ingress]) if (!side.allowed) refusals[side.direction].add(target, isolatingRelated(side, ends), doubt);
          continue;
        }
        // First whether the pods admit any in-cluster source at all on the port (a rule selecting every
        // pod): the cheap answer first, the explained one only when refused.
        const query = { port, protocol };
        if (sharedAnswer(engine, UNKNOWN_POD, destination, `allows ${protocol}/${port}`, () => engine.allows(UNKNOWN_POD, destination, query))) continue;
        const anyone = engine.evaluate(UNKNOWN_POD, destination, { port, protocol }).ingress;
        if (anyone.allowed) continue;
        // Closed to every source, of any kind of policy: then no sender on the pod network reaches the
        // pods, wherever it runs. One on the host network may still reach those on its own node.
        if (engine.closingPolicies(destination, protocol, port).length > 0) {
          hostNetworkDoubt ??= hostNetworkSenderDoubt(context, backend);
          refusals.closed.add(target, isolatingRelated(anyone, ends), hostNetworkDoubt || undefined);
          continue;
        }
        const candidates = backend.candidates();
        if (candidates.length === 0) {
          refusals.unknown.add(target, isolatingRelated(anyone, ends), sideDoubt(anyone));
          continue;
        }
        if (candidates.some((c) => sharedAnswer(engine, c.endpoint, destination, `allows ${protocol}/${port}`, () => engine.allows(c.endpoint, destination, query)))) continue;
        assumedGuess = candidates;
        const sender = candidates[0]!.endpoint;
        // A verdict reads the destination only through its tiers, its ports and whether policies govern it.
        const verdict = sharedAnswer(engine, sender, destination, `evaluate ${protocol}/${port}`, () => engine.evaluate(sender, destination, query));
        const doubt = verdictDoubt(verdict);
        for (const side of [verdict.egress, verdict.ingress]) if (!side.allowed) refusals.assumed.add(target, isolatingRelated(side, ends), doubt);
      }
    }
  }
  const { at, messages } = backend;
  const base = { ...backend.data, service: service.object.name };
  const { egress, ingress: inbound, closed, assumed, unknown } = refusals;
  if (egress.targets.length > 0 && known) {
    // Only a known sender's namespace has policies that can isolate it.
    const data = { ...base, controller: known.who, targets: listSome(egress.targets), policies: egress.names(), namespace: known.namespace ?? '' };
    context.report({ messageId: messages.egress, data, at, related: egress.related(), ...egress.doubt() });
  }
  if (inbound.targets.length > 0 && known) {
    context.report({ messageId: messages.refused, data: { ...base, controller: known.who, targets: listSome(inbound.targets), reason: `refused by ${inbound.names()}` }, at, related: inbound.related(), ...inbound.doubt() });
  }
  if (closed.targets.length > 0) context.report({ messageId: messages.closed, data: { ...base, targets: listSome(closed.targets), policies: closed.names() }, at, related: closed.related(), ...closed.doubt() });
  if (assumed.targets.length > 0) {
    const data = { ...base, controller: describeCandidates(assumedGuess), targets: listSome(assumed.targets), reason: `refused by ${assumed.names()}` };
    context.report({ messageId: messages.assumed, data, at, related: assumed.related(), severity: 'warning', ...assumed.doubt() });
  }
  if (unknown.targets.length > 0) {
    const data = { ...base, targets: listSome(unknown.targets), reason: `refused by ${unknown.names()}` };
    context.report({ messageId: messages.unknown, data, at, related: unknown.related(), severity: 'warning', ...unknown.doubt() });
  }
}

/**
 * An answer about `sender` reaching `destination` on a port, shared between destinations that policies
 * treat alike: when no policy applies to the sender's egress, the answer depends on the destination
 * only through what applies to its ingress (the engine's shared tiers) and its port list (shared too),
 * and whether policies govern it, so thousands of Ingress backends leading to pods alike are judged
 * once. Otherwise asked afresh.
 */
function sharedAnswer<T>(engine: PolicyEngine, sender: Endpoint, destination: Endpoint, question: string, answer: () => T): T {
  const tiers = engine.sideTiers(destination, 'ingress');
  // No policy applies to the destination (one empty list for every world), or the sender's egress reads the destination: nothing to share.
  if (tiers.length === 0 || !engine.governs(destination) || engine.sideTiers(sender, 'egress').length > 0) return answer();
  const ports = engine.subjectPorts(destination);
  let byPorts = sharedAnswers.get(tiers);
  if (!byPorts) sharedAnswers.set(tiers, (byPorts = new WeakMap()));
  let bySender = byPorts.get(ports);
  if (!bySender) byPorts.set(ports, (bySender = new WeakMap()));
  let answers = bySender.get(sender);
  if (!answers) bySender.set(sender, (answers = new Map()));
  if (!answers.has(question)) answers.set(question, answer());
  return answers.get(question) as T;
}
// Weak: the tiers belong to the policy world of the models that hold them, the senders to their rule runs.
const sharedAnswers = new WeakMap<object, WeakMap<object, WeakMap<Endpoint, Map<string, unknown>>>>();

/**
 * Why a backend closed to every source may still be reached, when the sender may run on the host
 * network: the Kubernetes NetworkPolicy documentation leaves host-network pods' traffic undefined,
 * names as most common that the plugin treats it as its node's (`cluster.hostNetworkPods: exempt`, the
 * default), and says that a pod cannot block access from its resident node. Such a sender then
 * reaches the pods on its own node, whatever their policies. With `as-pods`, policies apply to it as
 * to any pod: no doubt (nor when no such sender is in the tree): then empty.
 */
function hostNetworkSenderDoubt(context: RuleContext<any>, backend: BackendToJudge): string {
  if (context.model.settings.hostNetworkPods === 'as-pods') return '';
  const onHost = backend.hostNetworkSenders?.() ?? [];
  if (onHost.length === 0) return '';
  return `unless ${backend.sender} is ${listSome(onHost.map((w) => describeWorkload(w, true)), 2)}, which runs on the host network: NetworkPolicy then sees its traffic as its node's, and a pod cannot block its own node, so it may reach the pods on its node`;
}

/** What one kind of refusal covers: the targets, and the isolating policies as related locations. */
class Refusal {
  readonly targets: string[] = [];
  private readonly policies = new Map<PolicyLocation['policy'], PolicyLocation>();
  private readonly doubts: (string | undefined)[] = [];

  /** `doubt`: why this target's refusal is not certain (`verdictDoubt`), if it is not. */
  add(target: string, locations: readonly PolicyLocation[], doubt?: string): void {
    this.targets.push(target);
    this.doubts.push(doubt);
    for (const location of locations) if (!this.policies.has(location.policy)) this.policies.set(location.policy, location);
  }

  /** The finding's doubt: only when no target's refusal is certain (one certain refusal is enough for an error). */
  doubt(): { doubt: string } | Record<string, never> {
    const first = this.doubts[0];
    return first !== undefined && this.doubts.every((d) => d !== undefined) ? { doubt: first } : {};
  }

  names(): string {
    return listSome([...this.policies.keys()].map((p) => describeAnyPolicy(p)));
  }

  related(): RelatedTarget[] {
    return [...this.policies.values()];
  }
}
