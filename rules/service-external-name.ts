import type { Rule } from '../src/lint/types.ts';
import { asRecord, getIn } from '../src/model/values.ts';
import { parseIp } from '../src/model/ip.ts';
import { dns1123SubdomainProblem } from '../src/model/names.ts';

/** Flags ExternalName Services the API server rejects, and fields it ignores on them. */
export const rule: Rule = {
  meta: {
    id: 'service-external-name',
    severity: 'error',
    scope: 'document',
    description: 'An ExternalName Service needs a valid DNS name, and no selector, clusterIP or port translation, which it cannot have.',
    messages: {
      missing:
        'type ExternalName requires spec.externalName, the DNS name this Service is an alias for, and the API server rejects the Service without it; set externalName, e.g. "db.example.com"',
      invalidName:
        'externalName "{{name}}" is not a valid DNS name: {{reason}}; use a lowercase RFC 1123 name such as "db.example.com", as the API server rejects others',
      ipAddress:
        'externalName "{{name}}" is an IP address: cluster DNS publishes it as a CNAME to a name made of digits, which does not resolve; use a Service without selector and an EndpointSlice with that address to reach a fixed IP',
      selector:
        'the selector of an ExternalName Service is ignored: clients get a CNAME to "{{externalName}}" and never reach the selected pods; remove the selector, or use type ClusterIP to route to these pods',
      clusterIP:
        'clusterIP "{{clusterIP}}" is set on an ExternalName Service, which has no cluster IP, and the API server rejects the Service when clusterIP is set at all, even to "None"; remove clusterIP',
      targetPort:
        'targetPort {{targetPort}} has no effect on an ExternalName Service: clients resolve "{{externalName}}" by CNAME and connect to it directly on port {{port}}, nothing translates the port; remove targetPort',
    },
    remediation:
      'Set spec.externalName to the DNS name of the external service (no IP address, no scheme or port), and drop selector, clusterIP and targetPort; to route to pods, use type ClusterIP instead.',
  },
  check(context) {
    context.each(context.model.services, (service) => {
      if (service.type !== 'ExternalName') return;
      const { object } = service;
      const spec = asRecord(object.raw.spec) ?? {};
      const externalName = service.externalName ?? '';
      // ValidateService trims one trailing dot (a fully qualified name) before validating.
      const name = externalName.replace(/\.$/, '');
      const namePath = ['spec', 'externalName'];
      if (name === '') {
        context.report({ messageId: 'missing', at: { object, path: 'externalName' in spec ? namePath : ['spec', 'type'] } });
      } else if (parseIp(name)) {
        context.report({ messageId: 'ipAddress', data: { name: externalName }, at: { object, path: namePath } });
      } else {
        const reason = dns1123SubdomainProblem(name);
        if (reason) context.report({ messageId: 'invalidName', data: { name: externalName, reason }, at: { object, path: namePath } });
      }
      const shown = externalName || '(no name)';
      if (service.selector) {
        context.report({ messageId: 'selector', data: { externalName: shown }, at: { object, path: service.selectorPath, key: true } });
      }
      const clusterIP = getIn(object.raw, ['spec', 'clusterIP']);
      if (typeof clusterIP === 'string' && clusterIP !== '') {
        context.report({ messageId: 'clusterIP', data: { clusterIP }, at: { object, path: ['spec', 'clusterIP'] } });
      }
      for (const port of service.ports) {
        // ServicePort.targetPort: only proxied Services translate ports; a CNAME carries no port.
        if (port.targetPortDefaulted || port.targetPort === undefined || port.targetPort === port.port) continue;
        context.report({
          messageId: 'targetPort',
          data: { targetPort: port.targetPort, externalName: shown, port: port.port ?? '?' },
          at: { object, path: [...port.path, 'targetPort'] },
        });
      }
    });
  },
};

export default rule;
