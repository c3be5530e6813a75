import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-external-name.ts';

/** An ExternalName Service whose extra `spec` lines start at line 7. */
const external = (spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: ExternalName
${spec}
`;

testRule(rule, {
  valid: [
    { name: 'externalName is a DNS name', manifests: external('  externalName: db.prod.example.com') },
    { name: 'externalName is fully qualified with a trailing dot', manifests: external('  externalName: db.example.com.') },
    { name: 'externalName is a single label', manifests: external('  externalName: postgres') },
    { name: 'a port has no targetPort', manifests: external('  externalName: db.example.com\n  ports:\n    - port: 5432') },
    { name: 'targetPort equals port', manifests: external('  externalName: db.example.com\n  ports:\n    - {port: 5432, targetPort: 5432}') },
    { name: 'clusterIP is empty', manifests: external('  externalName: db.example.com\n  clusterIP: ""') },
    {
      name: 'a ClusterIP Service has a selector and an invalid externalName (not an ExternalName Service)',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  selector: {app: db}\n  externalName: "Not Valid"\n  ports: [{port: 80, targetPort: 8080}]\n',
    },
  ],
  invalid: [
    {
      name: 'externalName is missing',
      manifests: external('  ports:\n    - port: 5432'),
      errors: [{ messageId: 'missing', line: 6, column: 9 }],
    },
    {
      name: 'externalName is empty',
      manifests: external('  externalName: ""'),
      errors: [{ messageId: 'missing', line: 7, column: 17 }],
    },
    {
      name: 'externalName has upper-case letters',
      manifests: external('  externalName: DB.example.com'),
      errors: [{ messageId: 'invalidName', line: 7, column: 17, includes: 'upper-case letters are not allowed' }],
    },
    {
      name: 'externalName is a URL',
      manifests: external('  externalName: https://db.example.com'),
      errors: [{ messageId: 'invalidName', line: 7, includes: "':' is not allowed" }],
    },
    {
      name: 'externalName is an IPv4 address',
      manifests: external('  externalName: 10.0.0.5'),
      errors: [{ messageId: 'ipAddress', line: 7, includes: '"10.0.0.5" is an IP address' }],
    },
    {
      name: 'externalName is an IPv6 address',
      manifests: external('  externalName: "fd00::5"'),
      errors: [{ messageId: 'ipAddress', line: 7 }],
    },
    {
      name: 'an ExternalName Service also sets a selector',
      manifests: external('  externalName: db.example.com\n  selector:\n    app: db'),
      errors: [{ messageId: 'selector', line: 8, column: 3, includes: 'CNAME to "db.example.com"' }],
    },
    {
      name: 'an ExternalName Service sets clusterIP None',
      manifests: external('  externalName: db.example.com\n  clusterIP: None'),
      errors: [{ messageId: 'clusterIP', line: 8, column: 14, includes: 'even to "None"' }],
    },
    {
      name: 'a port translates to another targetPort',
      manifests: external('  externalName: db.example.com\n  ports:\n    - port: 80\n      targetPort: 8080\n    - port: 443\n      targetPort: https'),
      errors: [
        { messageId: 'targetPort', line: 10, column: 19, includes: 'on port 80, nothing translates' },
        { messageId: 'targetPort', line: 12, includes: 'targetPort https' },
      ],
    },
  ],
});
