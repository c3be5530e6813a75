import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './statefulset-service-name.ts';

const statefulSet = (serviceName: string | undefined, namespace = 'data') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: ${namespace}
spec:
${serviceName === undefined ? '' : `  serviceName: ${serviceName}\n`}  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers: [{name: db, image: postgres}]
`;

const service = (name: string, spec: string, namespace = 'data') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}  ports: [{port: 5432}]\n`;

const headless = (name: string, selector = '{app: db}', namespace = 'data') => service(name, `  clusterIP: None\n  selector: ${selector}\n`, namespace);

testRule(rule, {
  valid: [
    { name: 'the headless Service selector is a string (the schema rule reports it)', manifests: { 'sts.yaml': statefulSet('db'), 'svc.yaml': headless('db', 'app=db') } },
    { name: 'serviceName is a headless Service selecting the pods, in another file', manifests: { 'sts.yaml': statefulSet('db'), 'svc.yaml': headless('db') } },
    {
      name: 'an OpenKruise CloneSet (like a Deployment) has a serviceName naming no Service: it is not a StatefulSet',
      manifests: statefulSet('db').replace('apiVersion: apps/v1\nkind: StatefulSet', 'apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet'),
    },
    { name: 'serviceName is absent and no headless Service selects the pods', manifests: { 'sts.yaml': statefulSet(undefined), 'svc.yaml': service('db', '  selector: {app: db}\n') } },
  ],
  invalid: [
    {
      name: 'serviceName is absent but a headless Service selects the pods',
      manifests: { 'sts.yaml': statefulSet(undefined), 'svc.yaml': headless('db-headless') },
      errors: [{ messageId: 'missing', line: 6, column: 1, file: 'sts.yaml', includes: 'serviceName: db-headless' }],
    },
    {
      name: 'serviceName names no Service of the namespace',
      manifests: statefulSet('db'),
      errors: [{ messageId: 'notFound', line: 7, column: 16 }],
    },
    {
      name: 'an OpenKruise Advanced StatefulSet (a custom workload like a StatefulSet) has a serviceName naming no Service',
      manifests: statefulSet('db').replace('apiVersion: apps/v1', 'apiVersion: apps.kruise.io/v1beta1'),
      errors: [{ messageId: 'notFound', line: 7, column: 16 }],
    },
    {
      name: 'serviceName names a Service that exists only in another namespace',
      manifests: { 'sts.yaml': statefulSet('db'), 'svc.yaml': headless('db', '{app: db}', 'default') },
      errors: [{ messageId: 'notFound', line: 7, file: 'sts.yaml', includes: '(only in namespace "default")' }],
    },
    {
      name: 'serviceName names a ClusterIP Service',
      manifests: { 'sts.yaml': statefulSet('db'), 'svc.yaml': service('db', '  selector: {app: db}\n') },
      errors: [{ messageId: 'notHeadless', line: 7, file: 'sts.yaml', includes: 'db-0.db' }],
    },
    {
      name: 'serviceName names a headless Service that selects other pods',
      manifests: { 'sts.yaml': statefulSet('db'), 'svc.yaml': headless('db', '{app: cache}') },
      errors: [{ messageId: 'notSelecting', line: 7, file: 'sts.yaml', includes: 'selector "app=cache"' }],
    },
  ],
});
