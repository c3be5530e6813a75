import type { Fix, NamespaceContext, NamespaceRule } from '../src/lint/types.ts';
import type { Service, ServicePort, Workload } from '../src/model/types.ts';
import { nodeHead } from '../src/semantics/nodes.ts';
import { describeWorkload } from '../src/semantics/describe.ts';
import { containerPorts, declaresAllPorts, landTargetPort, portsNamed, resolveTargetPort, type TargetPortLanding } from '../src/semantics/ports.ts';

/**
 * Flags Service ports whose targetPort no container of the selected pods declares: an error for a name
 * (certain: no endpoints), a warning for a number when the containers declare other ports (they need
 * not declare the ones they listen on); nothing when they declare no ports at all.
 */
export const rule: NamespaceRule = {
  meta: {
    id: 'service-target-port',
    severity: 'error',
    description: "A Service port's targetPort must be a port declared by the containers of the pods it selects, with the same protocol (a number their declared ports leave out is a warning).",
    messages: {
      numberMissing:
        'targetPort {{targetPort}}/{{protocol}} is not declared by any container of {{workload}} (declared: {{declared}}); containers need not declare the ports they listen on, but these declare others, so the application likely listens elsewhere: set targetPort to a declared containerPort, or declare this port on the container',
      nameMissing:
        'targetPort "{{targetPort}}" names no container port of {{workload}} (named ports: {{declared}}), so this Service port has no endpoints; use one of the named ports, or name the container port "{{targetPort}}"',
      nameMissingSome:
        'targetPort "{{targetPort}}" names no container port of {{workload}} (named ports: {{declared}}), which the selector also selects, so its pods get no traffic on this Service port while those of {{serving}} do; check that the selector means to select {{workload}}, or name its container port "{{targetPort}}"',
      protocol:
        'targetPort "{{targetPort}}" is declared by {{workload}} with protocol {{declared}}, but the Service port uses {{protocol}}, so this Service port has no endpoints; use the same protocol on both',
      protocolNumber:
        'targetPort {{targetPort}}/{{protocol}}: {{workload}} declares port {{targetPort}} with protocol {{declared}} only, so no traffic reaches it unless the application also listens on {{protocol}} (containers need not declare their ports); use the same protocol on both, or declare the port with {{protocol}} too',
    },
    remediation:
      'Set targetPort to a containerPort number or a container port name of the selected pods, and use the same protocol; or add the port to the container.',
  },
  checkNamespace(context) {
    const { relations } = context;
    // A workload before the exported Pods it owns (one reach node), so that a finding names the owner.
    const ownersFirst = (list: readonly Workload[]) => [...list].sort((a, b) => Number(nodeHead(relations.nodeOf(a)) !== a) - Number(nodeHead(relations.nodeOf(b)) !== b));
    context.each(context.namespace.services, (service) => {
      const workloads = ownersFirst(context.relations.selectedWorkloads(service));
      if (workloads.length === 0) return;
      for (const port of service.ports) {
        if (port.targetPort === undefined) continue;
        // One finding per Service port (the other workloads are usually replicas of the same mistake):
        // the first certain one, else the first that rests on the ports the containers declare. A name
        // that some selected workloads resolve still gives the Service endpoints: the others are only left out.
        const landings = workloads.map((workload) => ({ workload, landing: landTargetPort(workload, port.targetPort!, port.protocol) }));
        const serving = landings.find(({ landing }) => landing.kind === 'declared');
        // A workload whose ports the manifests show only in part (a custom workload) may declare it.
        const missing = landings.filter(({ workload, landing }) => declaresAllPorts(workload) && (landing.kind === 'unnamed' || landing.kind === 'undeclared'));
        const found = (serving ? undefined : missing.find(({ landing }) => landing.kind === 'unnamed')) ?? missing[0];
        if (found) reportMismatch(context, service, port, found.workload, found.landing, workloads, serving?.workload);
      }
    });
  },
};

function reportMismatch(
  context: NamespaceContext,
  service: Service,
  port: ServicePort,
  workload: Workload,
  landing: TargetPortLanding,
  selected: readonly Workload[],
  serving: Workload | undefined,
): void {
  const targetPort = port.targetPort!;
  const at = { object: service.object, path: [...port.path, port.targetPortDefaulted ? 'port' : 'targetPort'] };
  const describe = describeWorkload(workload);
  const declaredPorts = containerPorts(workload);
  const related = [{ at: { object: workload.object, path: declaredPorts[0]?.port.path ?? [...workload.template.path, 'spec', 'containers'] }, message: `container ports of ${describe}` }];
  const otherProtocol = landing.kind === 'unnamed' || landing.kind === 'undeclared' ? landing.otherProtocol : undefined;
  if (typeof targetPort === 'string' && serving) {
    const named = declaredPorts.filter((p) => p.port.name).map((p) => `"${p.port.name}"`);
    const data = { targetPort, workload: describe, declared: named.join(', ') || 'none', serving: describeWorkload(serving) };
    context.report({ messageId: 'nameMissingSome', data, at, related, severity: 'warning' });
    return;
  }
  if (otherProtocol) {
    const data = { targetPort, protocol: port.protocol, workload: describe, declared: otherProtocol.protocol };
    // A number is sent to whatever the containers declare: the application may listen on both protocols.
    if (typeof targetPort === 'string') context.report({ messageId: 'protocol', data, at, related });
    else context.report({ messageId: 'protocolNumber', data, at, related, severity: 'warning' });
    return;
  }
  if (typeof targetPort === 'string') {
    const named = declaredPorts.filter((p) => p.port.name).map((p) => `"${p.port.name}"`);
    context.report({ messageId: 'nameMissing', data: { targetPort, workload: describe, declared: named.join(', ') || 'none' }, at, related });
    return;
  }
  const declared = declaredPorts.map((p) => `${p.port.containerPort}/${p.port.protocol}${p.port.name ? ` (${p.port.name})` : ''}`);
  const fix = port.targetPortDefaulted ? undefined : fixByPortName(service, port, selected);
  context.report({
    messageId: 'numberMissing',
    data: { targetPort, protocol: port.protocol, workload: describe, declared: declared.join(', ') },
    at,
    related,
    severity: 'warning',
    ...(fix ? { fix } : {}),
  });
}

/**
 * When the Service port's name equals a container port's name in every selected workload, the intended
 * target is certain. A fix must be right for all of them: when they agree on that port's number, set
 * the number; when the numbers differ, name the port (core/v1 ServicePort.targetPort: a name is looked
 * up in each pod). No fix when some workload does declare the current number: the intent is unclear.
 */
function fixByPortName(service: Service, port: ServicePort, selected: readonly Workload[]): Fix | undefined {
  if (!port.name || selected.some((w) => resolveTargetPort(w, port.targetPort!, port.protocol))) return undefined;
  const numbers = new Set<number>();
  for (const workload of selected) {
    const candidates = new Set(portsNamed(containerPorts(workload).map((p) => p.port), port.name, port.protocol).map((p) => p.containerPort));
    // None, or two containers of one pod naming different ports alike: no certain target in this workload.
    if (candidates.size !== 1) return undefined;
    numbers.add([...candidates][0]!);
  }
  const location = service.object.doc.locate([...service.object.path, ...port.path, 'targetPort']);
  // Near the field only (a rendered value that differs from its source text): no edit is certain there.
  if (!location || location.note) return undefined;
  const file = location.file ?? service.object.doc.file;
  if (numbers.size === 1) {
    const [number] = numbers;
    return { description: `Set targetPort to ${number}, the port of container port "${port.name}"`, edits: [{ file, span: location.value, newText: String(number) }] };
  }
  return {
    description: `Set targetPort to "${port.name}", the container port of that name in each selected workload (${[...numbers].join(', ')})`,
    edits: [{ file, span: location.value, newText: scalarText(port.name, file.path) }],
  };
}

/** A port name as a YAML (or JSON) string: plain when YAML cannot read it as a number, boolean or null. */
function scalarText(name: string, path: string): string {
  const plain = /^[a-z][a-z0-9-]*$/.test(name) && !/^(y|n|yes|no|on|off|true|false|null)$/.test(name) && !path.endsWith('.json');
  return plain ? name : JSON.stringify(name);
}

export default rule;
