import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './endpoints-orphan.ts';

const service = (name: string, namespace: string, selector = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${selector ? `  selector: {${selector}}\n` : ''}  ports: [{port: 5432}]
`;

/** Endpoints: the name is on line 4, subsets on line 6. */
const endpoints = (name: string, namespace: string, annotations = '') => `apiVersion: v1
kind: Endpoints
metadata:
  name: ${name}
  namespace: ${namespace}${annotations ? `\n  annotations: {${annotations}}` : ''}
subsets:
  - addresses: [{ip: 10.0.0.5}]
    ports: [{port: 5432}]
`;

/** An EndpointSlice: the service-name label is on line 7. */
const slice = (service: string, namespace: string, managedBy = '') => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${service}-abc
  namespace: ${namespace}
  labels:
    kubernetes.io/service-name: ${service}${managedBy ? `\n    endpointslice.kubernetes.io/managed-by: ${managedBy}` : ''}
addressType: IPv4
endpoints: [{addresses: [10.0.0.5]}]
`;

testRule(rule, {
  valid: [
    { name: 'hand-written Endpoints belong to a selector-less Service in another file', manifests: { 'svc.yaml': service('db', 'data'), 'ep.yaml': endpoints('db', 'data') } },
    { name: 'a hand-written EndpointSlice belongs to a selector-less Service', manifests: { 'svc.yaml': service('db', 'data'), 'slice.yaml': slice('db', 'data', 'team-db') } },
    {
      name: 'an EndpointSlice of a selector Service is managed by the EndpointSlice controller',
      manifests: { 'svc.yaml': service('db', 'data', 'app: db'), 'slice.yaml': slice('db', 'data', 'endpointslice-controller.k8s.io') },
    },
    {
      name: 'Endpoints of a selector Service were written by the endpoints controller (a cluster dump)',
      manifests: { 'svc.yaml': service('db', 'data', 'app: db'), 'ep.yaml': endpoints('db', 'data', 'endpoints.kubernetes.io/last-change-trigger-time: "2024-01-01T00:00:00Z"') },
    },
    { name: 'an Endpoints object has no name (reported by schema)', manifests: 'apiVersion: v1\nkind: Endpoints\nmetadata: {namespace: data}\nsubsets: []\n' },
    {
      name: 'an EndpointSlice has no service-name label',
      manifests: 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: custom}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.5]}]\n',
    },
  ],
  invalid: [
    {
      name: 'Endpoints have no Service',
      manifests: endpoints('db', 'data'),
      errors: [{ messageId: 'noService', line: 4, column: 9, includes: 'no Service "db" in namespace "data"' }],
    },
    {
      name: 'an EndpointSlice names a missing Service',
      manifests: slice('db', 'data'),
      errors: [{ messageId: 'noService', line: 7, column: 33, includes: 'EndpointSlice is for Service "db"' }],
    },
    {
      name: 'the Service of the Endpoints is only in another namespace',
      manifests: { 'svc.yaml': service('db', 'data'), 'ep.yaml': endpoints('db', 'default') },
      errors: [{ messageId: 'otherNamespace', line: 4, file: 'ep.yaml', includes: 'only in namespace "data"' }],
    },
    {
      name: 'hand-written Endpoints belong to a Service with a selector',
      manifests: { 'svc.yaml': service('db', 'data', 'app: db'), 'ep.yaml': endpoints('db', 'data') },
      errors: [{ messageId: 'overwritten', line: 6, column: 1, file: 'ep.yaml', includes: 'selector "app=db"' }],
    },
    {
      name: 'a hand-written EndpointSlice belongs to a Service with a selector',
      manifests: { 'svc.yaml': service('db', 'data', 'app: db'), 'slice.yaml': slice('db', 'data') },
      errors: [{ messageId: 'mixed', line: 7, file: 'slice.yaml', includes: 'kube-proxy spreads traffic' }],
    },
  ],
});
