import type { Rule } from '../src/lint/types.ts';
import type { ServicePort, Workload } from '../src/model/types.ts';
import { listSome } from '../src/semantics/describe.ts';
import { resolveTargetPort } from '../src/semantics/ports.ts';
import { routeBackendService, routedPorts, openShiftRoutesOf, servicePortsRouted } from '../src/semantics/routes.ts';

/** What a port's names and number suggest it speaks: evidence for plain HTTP or for TLS. */
type Speaks = { readonly tls: boolean; readonly evidence: string };

const PLAIN_NAME = /^(http|http-.*|.*-http)$/;
const TLS_NAME = /^(https|https-.*|.*-https|tls|.*-tls)$/;
const PLAIN_PORTS = new Set([80, 8080]);
const TLS_PORTS = new Set([443, 8443]);

/**
 * Flags OpenShift Routes whose TLS termination disagrees with what the target port looks like it
 * speaks: `reencrypt` and `passthrough` send TLS to the pods, `edge` (and a Route without `tls`)
 * plain HTTP. Port names and numbers are conventions, not facts, so every finding is a warning that
 * names the evidence.
 */
export const rule: Rule = {
  meta: {
    id: 'openshift-route-tls',
    severity: 'warning',

    description: "An OpenShift Route's TLS termination should match what its target port speaks: TLS for reencrypt and passthrough, plain HTTP for edge.",
    messages: {
      plainUnderTls:
        'termination "{{termination}}" makes the router {{sends}} to the pods, but the target port of Service "{{service}}" looks like plain HTTP ({{evidence}}); if the pods do not serve TLS there, every request fails: use termination edge, or send the Route to the port where the pods serve TLS',
      tlsUnderPlain:
        '{{how}} makes the router send plain HTTP to the pods, but the target port of Service "{{service}}" looks like TLS ({{evidence}}); if the pods expect TLS there, every request fails: use termination reencrypt (or passthrough), or send the Route to a plain HTTP port',
    },
    remediation:
      'Use termination edge for pods that serve plain HTTP, reencrypt (with destinationCACertificate when the pods\' certificate is not signed by the service CA) or passthrough for pods that serve TLS, or point spec.port.targetPort at the port that speaks what the termination sends.',
  },
  check(context) {
    context.each(openShiftRoutesOf(context.model), (route) => {
      const termination = route.tls?.termination;
      // A tls block whose termination is unset or invalid is the schema rule's finding.
      if (route.tls && !termination) return;
      const wantsTls = termination === 'reencrypt' || termination === 'passthrough';
      for (const backend of route.backends) {
        const service = routeBackendService(context.relations, route, backend);
        if (!service) continue;
        const mismatches = new Set<string>();
        const judge = (servicePort: ServicePort, workload?: Workload, port?: number) => {
          const speaks = portSpeaks(route.targetPort, servicePort, workload, port);
          if (speaks && speaks.tls !== wantsTls) mismatches.add(speaks.evidence);
        };
        const workloads = context.relations.selectedWorkloads(service);
        for (const workload of workloads) for (const { servicePort, port } of routedPorts(route, service, workload)) judge(servicePort, workload, port);
        // Pods outside the tree: what the Service's own ports say.
        if (workloads.length === 0) for (const servicePort of servicePortsRouted(route, service)) judge(servicePort, undefined, typeof servicePort.targetPort === 'number' ? servicePort.targetPort : undefined);
        if (mismatches.size === 0) continue;
        // At the termination; without tls, at the backend that gets the plain HTTP.
        const at = route.tls ? { object: route.object, path: [...route.tls.path, 'termination'] } : { object: route.object, path: backend.namePath };
        const data = { service: service.object.name, evidence: listSome([...mismatches]) };
        if (wantsTls) {
          const sends = termination === 'passthrough' ? "pass the client's TLS through" : 'open TLS connections';
          context.report({ messageId: 'plainUnderTls', data: { ...data, termination: termination!, sends }, at });
        } else {
          context.report({ messageId: 'tlsUnderPlain', data: { ...data, how: termination ? 'termination "edge"' : 'a Route without tls' }, at });
        }
      }
    });
  },
};

/** What the names of a routed port (the Route's targetPort, the Service port, its container port) suggest, else (names that say neither) its number. */
function portSpeaks(targetPort: number | string | undefined, servicePort: ServicePort, workload: Workload | undefined, port: number | undefined): Speaks | undefined {
  const names = new Set<string>();
  if (typeof targetPort === 'string') names.add(targetPort);
  if (servicePort.name) names.add(servicePort.name);
  if (typeof servicePort.targetPort === 'string') names.add(servicePort.targetPort);
  if (workload && servicePort.targetPort !== undefined) {
    const container = resolveTargetPort(workload, servicePort.targetPort, servicePort.protocol);
    if (container?.port.name) names.add(container.port.name);
  }
  const plain = [...names].filter((n) => PLAIN_NAME.test(n));
  const tls = [...names].filter((n) => TLS_NAME.test(n));
  if (plain.length > 0 && tls.length > 0) return undefined;
  if (plain.length > 0) return { tls: false, evidence: `a port named "${plain[0]}"` };
  if (tls.length > 0) return { tls: true, evidence: `a port named "${tls[0]}"` };
  if (port === undefined) return undefined;
  if (PLAIN_PORTS.has(port)) return { tls: false, evidence: `port ${port}` };
  if (TLS_PORTS.has(port)) return { tls: true, evidence: `port ${port}` };
  return undefined;
}

export default rule;
