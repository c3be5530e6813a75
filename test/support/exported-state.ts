/**
 * Exported cluster state (`kubectl get deploy,rs,pod -o yaml`): a Deployment, the ReplicaSet it owns and
 * two Pods of that ReplicaSet, linked by controller ownerReferences, so that `reach` shows them as one
 * node. Tests assert lines inside it: the Deployment's name is on line 3, column 18.
 */
export function exportedDeployment(
  options: { readonly name?: string; readonly namespace?: string; readonly podSpec?: string; readonly container?: string; readonly secondPodLabels?: string } = {},
): string {
  const { name = 'web', namespace = 'shop', podSpec = '', container = '{name: main, image: x}', secondPodLabels = '' } = options;
  const spec = `{${podSpec}containers: [${container}]}`;
  const pod = (suffix: string, extra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}-5d8-${suffix}
  namespace: ${namespace}
  labels: {app: ${name}, pod-template-hash: 5d8${extra}}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: ${name}-5d8, controller: true}]
spec: ${spec}
`;
  return [
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: ${spec}
`,
    `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}-5d8
  namespace: ${namespace}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: ${name}, controller: true}]
spec:
  selector: {matchLabels: {app: ${name}, pod-template-hash: 5d8}}
  template:
    metadata: {labels: {app: ${name}, pod-template-hash: 5d8}}
    spec: ${spec}
`,
    pod('a', ''),
    pod('b', secondPodLabels),
  ].join('---\n');
}
