/** Readers of a pod spec shared by the core workload kinds and the operators' custom workloads. */
import { parseIp } from '../ip.ts';
import type { Path } from '../../source/types.ts';
import type { ConfigMapUse, Container, ContainerPort, EnvValue, ProbePort, StringEntry } from '../types.ts';
import { asArray, asPortNumber, asPortNumberOrName, asRecord, asString } from '../values.ts';
import { toProtocol } from './read-common.ts';
import { childPath } from '../shared-path.ts';
import { exactCopy } from '../../util/exact.ts';

/**
 * The addresses an exported Pod's status records (`status.podIPs`, `status.podIP`; a host-network pod
 * also `status.hostIPs`, `status.hostIP`, as its traffic leaves with its node's address), each valid
 * address once, with its path relative to the Pod.
 */
export function podAddresses(status: Record<string, unknown> | undefined, hostNetwork: boolean): StringEntry[] {
  if (!status) return [];
  const entries: StringEntry[] = [];
  const add = (value: unknown, path: Path) => {
    if (typeof value === 'string' && parseIp(value) && !entries.some((e) => e.value === value)) entries.push({ value, path });
  };
  const fields = hostNetwork ? ['podIPs', 'podIP', 'hostIPs', 'hostIP'] : ['podIPs', 'podIP'];
  for (const field of fields) {
    if (field.endsWith('s')) asArray(status[field]).forEach((entry, index) => add(asRecord(entry)?.ip, ['status', field, index, 'ip']));
    else add(status[field], ['status', field]);
  }
  return entries;
}

/** ConfigMaps a pod spec reads: containers' `envFrom` and env `configMapKeyRef`, and (projected) volumes. */
export function configMapUses(podSpec: Record<string, unknown>, specPath: Path): ConfigMapUse[] {
  const uses: ConfigMapUse[] = [];
  const add = (ref: unknown, path: Path, keys?: string[]) => {
    const name = asString(asRecord(ref)?.name);
    if (name) uses.push({ name, ...(keys ? { keys } : {}), path: childPath(path, 'name') });
  };
  // A volume with `items` projects only those keys (core/v1 ConfigMapVolumeSource.items).
  const itemKeys = (ref: unknown) => {
    const items = asArray(asRecord(ref)?.items);
    return items.length > 0 ? items.flatMap((item) => asString(asRecord(item)?.key) ?? []) : undefined;
  };
  for (const field of ['containers', 'initContainers'] as const) {
    asArray(podSpec[field]).forEach((entry, c) => {
      const container = asRecord(entry) ?? {};
      const base = [...specPath, field, c];
      asArray(container.envFrom).forEach((from, i) => add(asRecord(from)?.configMapRef, [...base, 'envFrom', i, 'configMapRef']));
      asArray(container.env).forEach((env, i) => {
        const ref = asRecord(asRecord(asRecord(env)?.valueFrom)?.configMapKeyRef);
        const key = asString(ref?.key);
        if (ref && key !== undefined) add(ref, [...base, 'env', i, 'valueFrom', 'configMapKeyRef'], [key]);
      });
    });
  }
  asArray(podSpec.volumes).forEach((entry, v) => {
    const volume = asRecord(entry) ?? {};
    const base = [...specPath, 'volumes', v];
    if (asRecord(volume.configMap)) add(volume.configMap, [...base, 'configMap'], itemKeys(volume.configMap));
    asArray(asRecord(volume.projected)?.sources).forEach((source, s) => {
      const ref = asRecord(source)?.configMap;
      if (asRecord(ref)) add(ref, [...base, 'projected', 'sources', s, 'configMap'], itemKeys(ref));
    });
  });
  return uses;
}

export function toContainer(value: unknown, path: Path, init: boolean): Container {
  const record = asRecord(value) ?? {};
  const ports: ContainerPort[] = [];
  asArray(record.ports).forEach((entry, index) => {
    const port = asRecord(entry);
    const number = asPortNumber(port?.containerPort);
    if (!port || number === undefined) return;
    const name = asString(port.name);
    const protocol = toProtocol(port.protocol);
    const portPath = childPath(path, 'ports', index);
    // Two literals rather than a spread of an optional name: V8 builds a literal that starts with a
    // conditional spread tens of times slower, and every workload's ports are read (issue 14).
    ports.push(name ? { name, containerPort: number, protocol, path: portPath } : { containerPort: number, protocol, path: portPath });
  });
  const env: EnvValue[] = [];
  asArray(record.env).forEach((entry, index) => {
    const item = asRecord(entry);
    const name = asString(item?.name);
    const text = asString(item?.value);
    if (name !== undefined && text !== undefined) env.push({ name, value: text, path: childPath(path, 'env', index, 'value') });
  });
  const args: EnvValue[] = [];
  for (const field of ['command', 'args'] as const) {
    asArray(record[field]).forEach((entry, index) => {
      if (typeof entry === 'string') args.push({ name: field, value: entry, path: childPath(path, field, index) });
    });
  }
  const probes: ProbePort[] = [];
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const written = asRecord(record[probe]);
    if (!written) continue;
    for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      // A port the API server rejects (a quoted number, out of range) is the schema rule's finding.
      const port = asPortNumberOrName(asRecord(written[handler])?.port);
      if (port !== undefined) probes.push({ probe, port, path: childPath(path, probe, handler, 'port') });
    }
  }
  const restartPolicy = asString(record.restartPolicy);
  // Exact copies: a view of every container is kept for the whole run (util/exact.ts).
  return { name: asString(record.name) ?? '', init, ...(restartPolicy !== undefined ? { restartPolicy } : {}), ports: exactCopy(ports), probes: exactCopy(probes), env: exactCopy(env), args: exactCopy(args), path };
}
