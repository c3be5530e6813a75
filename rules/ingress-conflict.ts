import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { Ingress, IngressBackendRef } from '../src/model/types.ts';
import { findServicePort } from '../src/semantics/ports.ts';
import type { Path } from '../src/source/types.ts';

/** ingress-nginx canaries deliberately share host and path with the Ingress they shadow. */
const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';

interface Route {
  readonly ingress: Ingress;
  readonly backend: IngressBackendRef;
  /** What the route sends to: namespace, Service and port (or the resource). */
  readonly target: string;
  readonly label: string;
}

/** Flags the same class, host, path and pathType routed to different backends. */
export const rule: Rule = {
  meta: {
    id: 'ingress-conflict',
    severity: 'warning',
    description: 'Two Ingress paths of the same class must not route the same host and path to different backends.',
    messages: {
      conflict:
        'host {{host}} path "{{path}}" ({{pathType}}) is already routed to {{otherTarget}} by {{other}}; the controller serves only one of the two, so {{target}} may never receive this traffic; remove one of the paths, or change its host or path',
    },
    remediation:
      'Route each host and path from one Ingress only: remove one of the two paths, change its host or path, or give the Ingresses different ingress classes if different controllers serve them.',
  },
  check(context) {
    const defaults = context.model.ingressClasses.filter((c) => c.isDefault);
    // An Ingress without a class gets the (single) default class at creation.
    const defaultClass = defaults.length === 1 ? defaults[0]!.object.name : '';
    const first = new Map<string, Route>();
    context.each(context.model.ingresses, (ingress) => {
      if (ingress.object.annotations[CANARY_ANNOTATION] === 'true') return;
      for (const backend of ingress.backends) {
        // Backends without a Service name are incomplete (the schema rule reports them).
        if (backend.isDefault || (!backend.isResource && backend.serviceName === undefined)) continue;
        const { pathType, path } = routeKey(backend);
        const host = (backend.host ?? '').toLowerCase();
        const key = [ingress.className ?? defaultClass, host, pathType, path].join('\u0000');
        const route = { ingress, backend, ...targetOf(context, ingress, backend) };
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, route);
          continue;
        }
        if (earlier.target === route.target) continue;
        const other = earlier.ingress === ingress ? 'another path of this Ingress' : `Ingress "${earlier.ingress.object.name}" (namespace "${earlier.ingress.object.namespace}")`;
        context.report({
          messageId: 'conflict',
          data: { host: host ? `"${host}"` : '* (any host)', path, pathType, other, otherTarget: earlier.label, target: route.label },
          at: { object: ingress.object, path: httpPathOf(backend) },
          related: [{ at: { object: earlier.ingress.object, path: httpPathOf(earlier.backend) }, message: `the same route in Ingress "${earlier.ingress.object.name}", to ${earlier.label}` }],
        });
      }
    });
  },
};

/**
 * The request set a path matches, as a comparable key. Prefix paths ignore a trailing slash
 * (networking/v1 HTTPIngressPath: `/foo/` matches as `/foo`). Exact and Prefix on the same path do
 * not conflict: Kubernetes gives Exact precedence for the exact path, and Prefix serves the rest.
 * ImplementationSpecific (also assumed when pathType is missing) is compared by its literal text.
 */
function routeKey(backend: IngressBackendRef): { pathType: string; path: string } {
  const pathType = backend.pathType === 'Exact' || backend.pathType === 'Prefix' ? backend.pathType : 'ImplementationSpecific';
  if (pathType === 'Prefix') return { pathType, path: (backend.httpPath ?? '/').replace(/\/+$/, '') || '/' };
  return { pathType, path: backend.httpPath ?? '' };
}

function targetOf(context: RuleContext, ingress: Ingress, backend: IngressBackendRef): { target: string; label: string } {
  const namespace = ingress.object.namespace;
  if (backend.isResource) {
    const resource = JSON.stringify(backend.resource ?? null);
    return { target: `${namespace}/resource/${resource}`, label: `resource ${resource}` };
  }
  const name = backend.serviceName ?? '';
  const port = backend.port ?? '';
  // Port 80 and port name "http" are the same backend when they are the same port of the Service.
  const service = context.relations.backendService(ingress, backend);
  const servicePort = service && backend.port !== undefined ? findServicePort(service, backend.port) : undefined;
  return {
    target: `${namespace}/${name}/${servicePort ? `#${servicePort.index}` : port}`,
    label: `Service "${name}" port ${typeof port === 'string' ? `"${port}"` : port}`,
  };
}

/** `backend.path` is `[..., 'paths', i, 'backend']`; the route's `path` field is its sibling. */
function httpPathOf(backend: IngressBackendRef): Path {
  return [...backend.path.slice(0, -1), 'path'];
}

export default rule;
