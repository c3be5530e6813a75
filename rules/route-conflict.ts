import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { ListenerView, RouteMatchView, RouteRuleView, RouteView } from '../src/model/kinds/gateway-api.ts';
import type { Path } from '../src/source/types.ts';
import { attachedListeners, describeGateway, describeListener, gatewayApiOf, hostnamesIntersect, type Attachment } from '../src/semantics/gateway-api.ts';

interface Claim {
  readonly route: RouteView;
  readonly rule: RouteRuleView;
  readonly path: Path;
  /** What the claim sends to, comparable. */
  readonly target: string;
  readonly label: string;
  readonly what: string;
}

/** Flags two routes (or rules) on one listener that match the same requests and send them to different backends. */
export const rule: Rule = {
  meta: {
    id: 'route-conflict',
    severity: 'warning',
    description: 'Two routes attached to one listener must not match the same host and request and send it to different backends.',
    messages: {
      conflict:
        '{{what}} on {{listener}} of {{gateway}} is also matched by {{other}}, which sends it to {{otherTarget}}; only one of them gets this traffic (the older route, then the first by namespace/name), so {{target}} may never receive it: remove one of the matches, or change its host, path, method or headers',
      sameRoute:
        '{{what}} on {{listener}} of {{gateway}} is also matched by rules[{{index}}] of this route, earlier in its list, which sends it to {{otherTarget}}; within one route the first matching rule wins, so {{target}} never receives it: remove one of the matches, or change its path, method or headers',
      single:
        '{{listener}} of {{gateway}} already has {{other}} attached; a {{kind}} has no routing discriminator, so only the oldest route of the listener is attached and the other gets no traffic; give each {{kind}} a listener of its own',
    },
    remediation:
      'Route each host and request from one rule only: remove one of the two matches, or make them differ (host, path, method, headers, query parameters); give every TCPRoute and UDPRoute a listener of its own.',
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    const first = new Map<string, Claim>();
    context.each(index.routes, (route) => {
      for (const attachment of index.attachments(route)) {
        for (const listener of attachedListeners(attachment)) {
          // By listener name: a Gateway defined twice has one listener of that name in each definition.
          const place = `${attachment.gateway.object.namespace}/${attachment.gateway.object.name}\u0000${listener.name ?? listener.index}`;
          if (route.kind === 'TCPRoute' || route.kind === 'UDPRoute') {
            const key = `${place}\u0000${route.kind}`;
            const earlier = first.get(key);
            if (!earlier) first.set(key, claim(route, route.rules[0], attachment.ref.path, ''));
            else if (earlier.route !== route && !sameObject(earlier.route, route)) {
              const data = { listener: describeListener(listener), gateway: describeGateway(attachment.gateway), other: describeRoute(earlier.route), kind: route.kind };
              context.report({ messageId: 'single', data, at: { object: route.object, path: attachment.ref.path }, related: [{ at: { object: earlier.route.object, path: earlier.path }, message: `${describeRoute(earlier.route)} on the same listener` }] });
            }
            continue;
          }
          for (const host of hostsOn(route, listener)) {
            for (const rule of route.rules) {
              for (const { key, what, path } of matchKeys(route, rule, host)) {
                const full = `${place}\u0000${key}`;
                const current = claim(route, rule, path, what);
                const earlier = first.get(full);
                if (!earlier) {
                  first.set(full, current);
                  continue;
                }
                if (earlier.target === current.target || (earlier.route === route && earlier.rule === rule) || sameObject(earlier.route, route)) continue;
                report(context, attachment, listener, earlier, current);
              }
            }
          }
        }
      }
    });
  },
};

function report(context: RuleContext, attachment: Attachment, listener: ListenerView, earlier: Claim, current: Claim): void {
  // Between routes the tie-break is age, then namespace/name; inside one route the first matching rule
  // in list order wins (HTTPRoute and GRPCRoute "If ties still exist within an HTTPRoute, matching
  // precedence MUST be granted to the FIRST matching rule (in list order)"): certain, not "may".
  const same = earlier.route === current.route;
  const base = { what: current.what, listener: describeListener(listener), gateway: describeGateway(attachment.gateway), otherTarget: earlier.label, target: current.label };
  const data = same ? { ...base, index: earlier.rule.index } : { ...base, other: describeRoute(earlier.route) };
  context.report({ messageId: same ? 'sameRoute' : 'conflict', data, at: { object: current.route.object, path: current.path }, related: [{ at: { object: earlier.route.object, path: earlier.path }, message: `the same match in ${describeRoute(earlier.route)}, to ${earlier.label}` }] });
}

/** One object defined twice (duplicate-object reports it): the later definition replaces the first, it does not compete with it. */
function sameObject(a: RouteView, b: RouteView): boolean {
  return a !== b && a.kind === b.kind && a.object.namespace === b.object.namespace && a.object.name === b.object.name;
}

function describeRoute(route: RouteView): string {
  return `${route.kind} "${route.object.namespace}/${route.object.name}"`;
}

/** The hosts a route serves on a listener: its hostnames that intersect the listener's (narrowed to the listener's when that is more precise). */
function hostsOn(route: RouteView, listener: ListenerView): string[] {
  if (route.hostnames.length === 0) return [listener.hostname ?? '*'];
  return route.hostnames.filter((h) => hostnamesIntersect(listener.hostname, h.value)).map((h) => (listener.hostname && !listener.hostname.startsWith('*') ? listener.hostname : h.value));
}

function claim(route: RouteView, rule: RouteRuleView | undefined, path: Path, what: string): Claim {
  const backends = (rule?.backendRefs ?? []).filter((ref) => !ref.mirror && ref.weight > 0);
  const refs = backends.map((ref) => `${ref.group}/${ref.kind}/${ref.namespace ?? route.object.namespace}/${ref.name ?? ''}:${ref.port ?? ''}`).sort();
  const target = rule?.redirects ? 'redirect' : refs.join(',');
  const label = rule?.redirects ? 'a redirect' : backends.length === 0 ? 'no backend' : backends.map((ref) => `${ref.kind === 'Service' ? 'Service' : ref.kind} "${ref.name ?? ''}"${ref.port !== undefined ? ` port ${ref.port}` : ''}`).join(', ');
  return { route, rule: rule ?? { index: 0, path: ['spec'], matches: [], backendRefs: [], redirects: false }, path, target, label, what };
}

/** Comparable keys of a rule's matches on one host, with how a message names them. */
function matchKeys(route: RouteView, rule: RouteRuleView, host: string): { key: string; what: string; path: Path }[] {
  const hostText = host === '*' ? 'any host' : `host "${host}"`;
  if (route.kind === 'TLSRoute') return [{ key: `tls\u0000${host}`, what: `TLS ${hostText}`, path: rule.path }];
  if (rule.matches.length === 0) return [{ key: `${route.kind}\u0000${host}\u0000*`, what: `every request of ${hostText}`, path: rule.path }];
  return rule.matches.map((match) => ({ key: `${route.kind}\u0000${host}\u0000${matchKey(match)}`, what: `${describeMatch(match)} of ${hostText}`, path: match.implicit ? rule.path : match.path }));
}

function matchKey(match: RouteMatchView): string {
  const values = (list: RouteMatchView['headers'], lower: boolean) => list.map((h) => `${lower ? h.name.toLowerCase() : h.name}=${h.type}:${h.value}`).sort().join('&');
  const pathMatch = match.pathMatch ? `${match.pathMatch.type}:${normalisePath(match.pathMatch.type, match.pathMatch.value)}` : '';
  const grpc = match.grpcMethod ? `${match.grpcMethod.type}:${match.grpcMethod.service ?? '*'}/${match.grpcMethod.method ?? '*'}` : '';
  return [pathMatch, match.method ?? '', grpc, values(match.headers, true), values(match.queryParams, false)].join('\u0000');
}

/** A PathPrefix matches by path elements, so a trailing slash does not change it (`/foo/` is `/foo`). */
function normalisePath(type: string, value: string): string {
  return type === 'PathPrefix' ? value.replace(/\/+$/, '') || '/' : value;
}

function describeMatch(match: RouteMatchView): string {
  const parts: string[] = [];
  if (match.grpcMethod) parts.push(`gRPC method ${match.grpcMethod.service ?? '*'}/${match.grpcMethod.method ?? '*'}`);
  if (match.pathMatch) parts.push(`path "${match.pathMatch.value}" (${match.pathMatch.type})`);
  if (match.method) parts.push(`method ${match.method}`);
  if (match.headers.length > 0) parts.push(`headers ${match.headers.map((h) => `${h.name}: ${h.value}`).join(', ')}`);
  if (match.queryParams.length > 0) parts.push(`query ${match.queryParams.map((q) => `${q.name}=${q.value}`).join('&')}`);
  return parts.length > 0 ? parts.join(', ') : 'every request';
}

export default rule;
