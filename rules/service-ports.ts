import type { Rule } from '../src/lint/types.ts';
import type { ServicePort } from '../src/model/types.ts';
import { dns1123LabelProblem, ianaServiceNameProblem } from '../src/model/names.ts';

interface Options {
  /** Also require IANA service names (the format of container port names and DNS SRV service labels), not only DNS labels. */
  readonly ianaNames: boolean;
}

/** Flags Service port lists the API server rejects or that cannot line up with container port names. */
export const rule: Rule<Options> = {
  meta: {
    id: 'service-ports',
    severity: 'error',
    scope: 'document',
    description: 'Service ports must be named when there are several, with unique, well-formed names and unique port numbers per protocol (a name that is a DNS label but not an IANA service name is a warning).',
    messages: {
      unnamed: 'port {{port}} has no name, but every port of a Service with several ports must be named (the API server rejects it); add a name such as "http"',
      duplicateName:
        'port name "{{name}}" is already used by port {{other}} of this Service, and the API server rejects duplicate port names; rename one of them',
      duplicatePort:
        'port {{port}}/{{protocol}} is already declared by port {{other}} of this Service, and the API server accepts each port number once per protocol; remove one of them, or change its number',
      invalidName: 'port name "{{name}}" is not a valid DNS label: {{reason}}; rename it (e.g. "http"), as the API server rejects it',
      notIanaName:
        'port name "{{name}}" is not a valid IANA service name: {{reason}}; the API server accepts it, as a Service port name need only be a DNS label, but it is the service label of this Service\'s DNS SRV record (_{{name}}._{{protocol}}), where RFC 6335 service names are expected, and no container port can share it (container port names must be IANA service names); use at most 15 lowercase letters, digits and single hyphens, with at least one letter',
    },
    remediation:
      'Name every port of a multi-port Service with a unique IANA service name (at most 15 lowercase letters, digits and single hyphens, with a letter), ideally the name of the container port it targets; declare each port number once per protocol.',
    optionsSchema: { type: 'object', properties: { ianaNames: { type: 'boolean' } }, additionalProperties: false },
  },
  defaultOptions: { ianaNames: true },
  check(context) {
    context.each(context.model.services, (service) => {
      const { object, ports } = service;
      const byName = new Map<string, ServicePort>();
      const byNumber = new Map<string, ServicePort>();
      for (const port of ports) {
        const namePath = [...port.path, 'name'];
        if (!port.name) {
          if (ports.length > 1) context.report({ messageId: 'unnamed', data: { port: port.port ?? `#${port.index + 1}` }, at: { object, path: port.path } });
        } else {
          const first = byName.get(port.name);
          const invalid = dns1123LabelProblem(port.name);
          const notIana = context.options.ianaNames !== false ? ianaServiceNameProblem(port.name) : undefined;
          if (first) {
            context.report({
              messageId: 'duplicateName',
              data: { name: port.name, other: first.port !== undefined ? String(first.port) : `#${first.index + 1}` },
              at: { object, path: namePath },
              related: [{ at: { object, path: [...first.path, 'name'] }, message: `port name "${port.name}" is first used here` }],
            });
          } else if (invalid) {
            context.report({ messageId: 'invalidName', data: { name: port.name, reason: invalid }, at: { object, path: namePath } });
          } else if (notIana) {
            const protocol = port.protocol.toLowerCase();
            // The API server accepts any DNS label here (ValidateService): a convention, so at most a warning.
            context.report({ messageId: 'notIanaName', severity: 'warning', data: { name: port.name, reason: notIana, protocol }, at: { object, path: namePath } });
          }
          if (!first) byName.set(port.name, port);
        }
        if (port.port === undefined) continue;
        // ValidateService keys ports by (protocol, port): 53/TCP and 53/UDP may coexist.
        const key = `${port.port}/${port.protocol}`;
        const first = byNumber.get(key);
        if (!first) {
          byNumber.set(key, port);
          continue;
        }
        context.report({
          messageId: 'duplicatePort',
          data: { port: port.port, protocol: port.protocol, other: describe(first) },
          at: { object, path: [...port.path, 'port'] },
          related: [{ at: { object, path: [...first.path, 'port'] }, message: `port ${key} is first declared here` }],
        });
      }
    });
  },
};

function describe(port: ServicePort): string {
  return port.name ? `"${port.name}"` : `#${port.index + 1}`;
}

export default rule;
