import type { Rule } from '../src/lint/types.ts';
import type { ProbePort } from '../src/model/types.ts';
import { describeWorkload } from '../src/semantics/describe.ts';
import { servesPorts } from '../src/semantics/ports.ts';

/** What a probe that always fails does to the pod, for messages. */
const CONSEQUENCE: Record<ProbePort['probe'], string> = {
  readinessProbe: 'the pod never becomes ready and gets no Service traffic',
  livenessProbe: 'the container is killed and restarted over and over',
  startupProbe: 'the container is killed and restarted before it ever starts',
};

/**
 * Flags probes whose port is a name that no port of their container declares: the kubelet resolves a
 * probe's named port against that container's own ports (findPortByName in pkg/kubelet/prober), and a
 * name it cannot resolve makes every probe fail. A numeric port needs no declaration.
 */
export const rule: Rule = {
  meta: {
    id: 'probe-port',
    severity: 'error',
    scope: 'document',
    description: "A probe's port given by name must name a port of the probed container.",
    messages: {
      missing:
        '{{probe}} port "{{port}}" names no port of container "{{container}}" of {{workload}} (its named ports: {{names}}), so the kubelet cannot resolve it and the probe always fails: {{consequence}}; use a declared port name or the port number',
    },
    remediation: 'Set the probe port to the name of a port declared by the same container (containers[].ports[].name), or to its number.',
  },
  check(context) {
    context.each(context.model.workloads, (workload) => {
      // Init containers that are not sidecars exit before the pod runs, and cannot have probes.
      for (const container of workload.template.containers.filter(servesPorts)) {
        for (const probe of container.probes) {
          if (typeof probe.port !== 'string' || container.ports.some((p) => p.name === probe.port)) continue;
          const names = container.ports.flatMap((p) => (p.name ? [`"${p.name}"`] : [])).join(', ') || 'none';
          const data = { probe: probe.probe, port: probe.port, container: container.name, workload: describeWorkload(workload), names, consequence: CONSEQUENCE[probe.probe] };
          const related = container.ports.length > 0 ? [{ at: { object: workload.object, path: container.ports[0]!.path }, message: `ports of container "${container.name}"` }] : [];
          context.report({ messageId: 'missing', data, at: { object: workload.object, path: probe.path }, related });
        }
      }
    });
  },
};

export default rule;
