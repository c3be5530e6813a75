import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-ports.ts';

/** A Service whose port lines start at line 8. */
/** A rejected port name (line 9) and a DNS label that is no IANA service name (line 10). */
const mixed = '    - {name: http, port: 80}\n    - {name: http, port: 8080}\n    - {name: very-long-port-name, port: 9090}';

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
${ports}
`;

testRule(rule, {
  valid: [
    { name: 'a single port has no name', manifests: service('    - port: 80') },
    { name: 'every port of a multi-port Service has a unique IANA name', manifests: service('    - {name: http, port: 80}\n    - {name: https, port: 443}') },
    { name: 'DNS uses 53 over TCP and UDP', manifests: service('    - {name: dns-tcp, port: 53, protocol: TCP}\n    - {name: dns, port: 53, protocol: UDP}') },
    {
      name: 'a long DNS-label name is allowed because IANA names are switched off',
      manifests: service('    - {name: very-long-port-name, port: 80}'),
      config: { rules: { 'service-ports': { options: { ianaNames: false } } } },
    },
    { name: 'the config turns the rule off, the IANA finding included', manifests: service(mixed), config: { rules: { 'service-ports': 'off' } } },
  ],
  invalid: [
    {
      name: 'a multi-port Service has an unnamed port',
      manifests: service('    - {name: http, port: 80}\n    - port: 443\n      targetPort: 8443'),
      errors: [{ messageId: 'unnamed', line: 9, severity: 'error', column: 7, includes: 'port 443 has no name' }],
    },
    {
      name: 'a port name is empty in a multi-port Service',
      manifests: service('    - {name: "", port: 80}\n    - {name: https, port: 443}'),
      errors: [{ messageId: 'unnamed', line: 8, severity: 'error', includes: 'port 80' }],
    },
    {
      name: 'two ports share a name',
      manifests: service('    - {name: http, port: 80}\n    - name: http\n      port: 8080'),
      errors: [{ messageId: 'duplicateName', line: 9, severity: 'error', column: 13, includes: 'port name "http" is already used by port 80 of this Service' }],
    },
    {
      name: 'two ports share a number and protocol',
      manifests: service('    - {name: http, port: 80}\n    - name: web\n      port: 80\n      protocol: TCP'),
      errors: [{ messageId: 'duplicatePort', line: 10, severity: 'error', column: 13, includes: 'port 80/TCP is already declared by port "http"' }],
    },
    {
      name: 'a port name has upper-case letters',
      manifests: service('    - name: HTTP\n      port: 80'),
      errors: [{ messageId: 'invalidName', line: 8, severity: 'error', column: 13, includes: 'upper-case letters are not allowed' }],
    },
    {
      name: 'a port name has an underscore',
      manifests: service('    - {name: grpc_web, port: 80}'),
      errors: [{ messageId: 'invalidName', line: 8, severity: 'error', includes: "'_' is not allowed" }],
    },
    {
      name: 'a port name is longer than 15 characters',
      manifests: service('    - {name: very-long-port-name, port: 80}'),
      errors: [{ messageId: 'notIanaName', line: 8, severity: 'warning', includes: '19 characters, at most 15 are allowed; the API server accepts it, as a Service port name need only be a DNS label, but it is the service label of this Service\'s DNS SRV record (_very-long-port-name._tcp)' }],
    },
    {
      name: 'a port name has no letter',
      manifests: service('    - {name: "8080", port: 80}'),
      errors: [{ messageId: 'notIanaName', line: 8, severity: 'warning', includes: 'at least one letter' }],
    },
    {
      name: 'a port name has a double hyphen',
      manifests: service('    - {name: http--alt, port: 80}'),
      errors: [{ messageId: 'notIanaName', line: 8, severity: 'warning', includes: "'--'" }],
    },
    {
      name: 'a Service has a rejected port name and one that is only no IANA name',
      manifests: service(mixed),
      errors: [
        { messageId: 'duplicateName', line: 9, severity: 'error' },
        { messageId: 'notIanaName', line: 10, severity: 'warning' },
      ],
    },
    {
      name: 'the config sets the rule to error explicitly (the IANA finding stays a warning)',
      manifests: service(mixed),
      config: { rules: { 'service-ports': 'error' } },
      errors: [
        { messageId: 'duplicateName', line: 9, severity: 'error' },
        { messageId: 'notIanaName', line: 10, severity: 'warning' },
      ],
    },
    {
      name: 'the config lowers the rule to warning',
      manifests: service(mixed),
      config: { rules: { 'service-ports': 'warning' } },
      errors: [
        { messageId: 'duplicateName', line: 9, severity: 'warning' },
        { messageId: 'notIanaName', line: 10, severity: 'warning' },
      ],
    },
    {
      name: 'the config lowers the rule to info',
      manifests: service(mixed),
      config: { rules: { 'service-ports': { severity: 'info' } } },
      errors: [
        { messageId: 'duplicateName', line: 9, severity: 'info' },
        { messageId: 'notIanaName', line: 10, severity: 'info' },
      ],
    },
  ],
});
