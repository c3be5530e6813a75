import type { Container, ContainerPort, Protocol, Service, ServicePort, Workload } from '../model/types.ts';

/** A container port that a Service port (or a named policy port) resolved to. */
export interface ResolvedPort {
  readonly workload: Workload;
  readonly containerName: string;
  readonly port: ContainerPort;
}

/** A container port with the name of its container. */
export interface NamedContainerPort {
  readonly containerName: string;
  readonly port: ContainerPort;
}

/**
 * Whether a container port is `target`: a number names its containerPort, a string its name (how a
 * Service targetPort, a NetworkPolicy port or an assertion port resolves); of `protocol`, when given.
 */
export function isPort(port: ContainerPort, target: number | string, protocol?: Protocol): boolean {
  const same = typeof target === 'number' ? port.containerPort === target : port.name === target;
  return same && (protocol === undefined || port.protocol === protocol);
}

/** The container ports named `name` (with `protocol`, when given), in declaration order. */
export function portsNamed(ports: readonly ContainerPort[], name: string, protocol?: Protocol): ContainerPort[] {
  return ports.filter((port) => isPort(port, name, protocol));
}

/**
 * Whether the manifests show every port a workload's containers declare. A custom workload's are the
 * operator's usual ones and its template's, but others depend on the resource's settings (a Strimzi
 * listener, a renamed Prometheus port), so a port it does not show is not certainly missing.
 */
export function declaresAllPorts(workload: Workload): boolean {
  return workload.custom === undefined;
}

/** Workloads are immutable (and shared by the models of an editing session), so their ports are listed once. */
// Weak, by workload: lives as long as the model that holds the workload.
const containerPortsCache = new WeakMap<Workload, readonly NamedContainerPort[]>();

/**
 * Whether a container serves its ports while the pod runs: a main container, or a sidecar (an init
 * container with `restartPolicy: Always`, Kubernetes 1.29+). Other init containers have exited.
 */
export function servesPorts(container: Container): boolean {
  return !container.init || container.restartPolicy === 'Always';
}

/**
 * Container ports of a workload's running containers, sidecars included: a named targetPort (FindPort
 * in pkg/api/v1/pod/util.go) and EndpointSlice ports resolve names on sidecars too since Kubernetes
 * 1.32 (kubernetes/kubernetes#127958), and NetworkPolicy named ports use the same list.
 */
export function containerPorts(workload: Workload): readonly NamedContainerPort[] {
  let ports = containerPortsCache.get(workload);
  if (!ports) {
    ports = workload.template.containers.filter(servesPorts).flatMap((c) => c.ports.map((port) => ({ containerName: c.name, port })));
    containerPortsCache.set(workload, ports);
  }
  return ports;
}

/**
 * Resolves a Service's targetPort against one workload. A name must match a container port's name
 * and protocol; a number must be declared by a container with that protocol (core/v1
 * ServicePort.targetPort). Returns undefined when the workload does not declare it.
 */
export function resolveTargetPort(workload: Workload, targetPort: number | string, protocol: Protocol): ResolvedPort | undefined {
  const found = containerPorts(workload).find(({ port }) => isPort(port, targetPort, protocol));
  return found && { workload, ...found };
}

/**
 * Where a Service targetPort lands on one workload, and how certain that is. A name resolves only
 * against the declared container ports, by name and protocol (FindPort in pkg/api/v1/pod/util.go):
 * a name none declares leaves the Service port without endpoints on these pods, certainly. A number is
 * sent to as it is: container ports are informational ("Not specifying a port here DOES NOT prevent
 * that port from being exposed", core/v1 Container.ports), so an undeclared number is suspicious only
 * when the containers declare other ports, and cannot be checked when they declare none.
 */
export type TargetPortLanding =
  /** A running container declares it (by name, or by number with the protocol). */
  | { readonly kind: 'declared'; readonly port: number; readonly resolved: ResolvedPort }
  /** A name no running container declares with this protocol (`otherProtocol`: one declares it with another). */
  | { readonly kind: 'unnamed'; readonly otherProtocol?: ContainerPort }
  /** A number the containers, which declare other ports, do not declare with this protocol. */
  | { readonly kind: 'undeclared'; readonly port: number; readonly otherProtocol?: ContainerPort }
  /** A number, and the running containers declare no ports at all: nothing to check it against. */
  | { readonly kind: 'unchecked'; readonly port: number };

/** Where `targetPort` (with `protocol`) lands on `workload` (see `TargetPortLanding`). */
export function landTargetPort(workload: Workload, targetPort: number | string, protocol: Protocol): TargetPortLanding {
  // One pass (every Service port of every selected workload lands here): the first port of that
  // protocol resolves it (as resolveTargetPort), else the first of another protocol is named.
  const ports = containerPorts(workload);
  let otherProtocol: ContainerPort | undefined;
  for (const named of ports) {
    if (!isPort(named.port, targetPort)) continue;
    if (named.port.protocol === protocol) return { kind: 'declared', port: named.port.containerPort, resolved: { workload, ...named } };
    otherProtocol ??= named.port;
  }
  const other = otherProtocol ? { otherProtocol } : {};
  if (typeof targetPort === 'string') return { kind: 'unnamed', ...other };
  return ports.length === 0 ? { kind: 'unchecked', port: targetPort } : { kind: 'undeclared', port: targetPort, ...other };
}

/** The port of a Service matching an Ingress backend port (number against `port`, name against `name`). */
export function findServicePort(service: Service, port: number | string): ServicePort | undefined {
  return service.ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
}

/** The container port number a Service port reaches on one workload, when it resolves. */
export function targetPortNumber(workload: Workload, servicePort: ServicePort): number | undefined {
  if (servicePort.targetPort === undefined) return undefined;
  const resolved = resolveTargetPort(workload, servicePort.targetPort, servicePort.protocol);
  if (resolved) return resolved.port.containerPort;
  // A numeric targetPort works even when the container does not declare it (ports are informational).
  return typeof servicePort.targetPort === 'number' ? servicePort.targetPort : undefined;
}

/**
 * The container port a Service port reaches on one workload, for the rules that judge what the
 * policies let through: a declared port, or a number when the containers declare no ports at all
 * (nothing says it is wrong). A name that resolves nowhere, or a number the containers leave out among
 * the ports they do declare, is service-target-port's finding: judging policies on it would report
 * one mistake twice, and mislead when the fix is the targetPort.
 */
export function checkedTargetPort(workload: Workload, servicePort: ServicePort): number | undefined {
  if (servicePort.targetPort === undefined) return undefined;
  const landing = landTargetPort(workload, servicePort.targetPort, servicePort.protocol);
  return landing.kind === 'declared' || landing.kind === 'unchecked' ? landing.port : undefined;
}
