/**
 * Ingress backends that a controller resolves from an annotation rather than as a Service. The AWS
 * Load Balancer Controller reads a backend whose `service.port.name` is `use-annotation` as the custom
 * action in the Ingress annotation `alb.ingress.kubernetes.io/actions.<service name>`: "The
 * action-name in the annotation must match the serviceName in the Ingress rules, and servicePort must
 * be `use-annotation`" (kubernetes-sigs/aws-load-balancer-controller, docs/guide/ingress/annotations.md,
 * "actions"). The action may redirect, answer a fixed response or forward to target groups, so its
 * name need not be a Service, and a Service of that name is not where the traffic goes.
 */
import type { Ingress, IngressBackendRef } from '../model/types.ts';

/** The port name that hands a backend to an action annotation. */
export const USE_ANNOTATION = 'use-annotation';

/**
 * The annotation key defining the action a backend names, when the backend is such an action: port
 * name `use-annotation` and an annotation `<prefix>/actions.<service name>` on the Ingress. Any prefix
 * counts, as the controller's `--annotations-prefix` can change `alb.ingress.kubernetes.io`. Without
 * the annotation the backend is an ordinary Service reference (and a missing port name stays a finding).
 */
export function annotationAction(ingress: Ingress, backend: IngressBackendRef): string | undefined {
  if (backend.port !== USE_ANNOTATION || backend.serviceName === undefined) return undefined;
  const suffix = `/actions.${backend.serviceName}`;
  return Object.keys(ingress.object.annotations).find((key) => key.endsWith(suffix) && key.indexOf('/') === key.length - suffix.length);
}

/**
 * Whether a backend asks for an action annotation that the Ingress does not carry: port name
 * `use-annotation` without `actions.<service name>`. Not certainly a mistake: Argo Rollouts writes the
 * action of the Ingress a Rollout's `trafficRouting.alb` names at run time (its `rootService` or
 * `stableService`, through annotations it manages), so findings on it are warnings.
 */
export function missingAnnotationAction(ingress: Ingress, backend: IngressBackendRef): boolean {
  return backend.port === USE_ANNOTATION && backend.serviceName !== undefined && !annotationAction(ingress, backend);
}
