import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './workload-selector-mismatch.ts';

const workload = (kind: string, selector: string, labels = '{app: web, tier: front}') => `apiVersion: ${kind === 'ReplicationController' ? 'v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: web
spec:
  selector:
${selector}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers: [{name: web, image: nginx}]
`;

const job = (spec: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
${spec}  template:
    metadata: {labels: {app: batch}}
    spec: {restartPolicy: Never, containers: [{name: c, image: x}]}
`;

const cronJob = (jobSpec: string) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
${jobSpec}      template:
        metadata: {labels: {app: batch}}
        spec: {restartPolicy: Never, containers: [{name: c, image: x}]}
`;

testRule(rule, {
  valid: [
    { name: 'matchLabels are a subset of the template labels', manifests: workload('Deployment', '    matchLabels: {app: web}') },
    {
      name: 'the template is null (the schema rule reports the required template; there are no labels to compare)',
      manifests: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n',
    },
    {
      name: 'matchExpressions hold for the template labels',
      manifests: workload(
        'StatefulSet',
        '    matchExpressions:\n      - {key: tier, operator: In, values: [front, back]}\n      - {key: legacy, operator: DoesNotExist}\n      - {key: app, operator: Exists}\n      - {key: tier, operator: NotIn, values: [db]}',
      ),
    },
    { name: 'a ReplicationController selector map matches', manifests: workload('ReplicationController', '    app: web') },
    { name: 'a ReplicationController has no selector (it defaults to the template labels)', manifests: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  template:\n    metadata: {labels: {app: rc}}\n    spec: {containers: [{name: c, image: x}]}\n' },
    // The API server rejects these selectors: the schema rule's findings, not a mismatch as well.
    { name: 'a matchExpressions operator is unknown', manifests: workload('Deployment', '    matchExpressions:\n      - {key: app, operator: Equals, values: [web]}') },
    { name: 'a matchExpressions entry has no key', manifests: workload('ReplicaSet', '    matchExpressions:\n      - {operator: Exists}\n      - {key: tier, operator: In, values: [back]}') },
    { name: 'an In expression has no values', manifests: workload('DaemonSet', '    matchExpressions:\n      - {key: app, operator: In, values: []}') },
    { name: 'a Job with manualSelector: true selects its template labels', manifests: job('  manualSelector: true\n  selector: {matchLabels: {app: batch}}\n') },
    { name: 'a Job without manualSelector selects the job-name label the API server adds to its template', manifests: job('  selector: {matchLabels: {app: batch, job-name: migrate}}\n') },
    // The controller-uid label carries the Job's UID, which no manifest can know.
    { name: 'a Job without manualSelector selects a controller-uid', manifests: job('  selector: {matchLabels: {controller-uid: 8a1c, app: other}}\n') },
    { name: 'a CronJob sets neither a selector nor manualSelector in its job template', manifests: cronJob('      manualSelector: false\n') },
    { name: 'the workload is a bare Pod', manifests: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n' },
  ],
  invalid: [
    {
      name: 'a matchLabels value differs from the template label',
      manifests: workload('Deployment', '    matchLabels:\n      app: web\n      tier: back'),
      errors: [{ messageId: 'mismatch', line: 9, column: 7, includes: 'tier=back (has tier=front)' }],
    },
    {
      name: 'the template has no labels at all',
      manifests: workload('DaemonSet', '    matchLabels:\n      app: web', '{}'),
      errors: [{ messageId: 'mismatch', line: 8, column: 7, includes: 'app=web (label missing)' }],
    },
    {
      name: 'a matchExpressions entry fails after one that holds',
      manifests: workload('ReplicaSet', '    matchExpressions:\n      - {key: app, operator: Exists}\n      - key: tier\n        operator: In\n        values: [back]'),
      errors: [{ messageId: 'mismatch', line: 9, column: 14, includes: 'tier in (back)' }],
    },
    {
      name: 'a Job with manualSelector: true selects a label its template lacks',
      manifests: job('  manualSelector: true\n  selector:\n    matchLabels: {app: batch, tier: worker}\n'),
      errors: [{ messageId: 'mismatch', line: 7, column: 31, includes: 'tier=worker (label missing); the API server rejects this Job' }],
    },
    {
      name: 'a Job without manualSelector selects a label its template lacks',
      manifests: job('  selector:\n    matchLabels:\n      app: web\n'),
      errors: [{ messageId: 'mismatch', line: 7, column: 7, includes: 'does not match the labels of its own pod template (app=batch): app=web (has app=batch)' }],
    },
    {
      name: 'a CronJob sets a selector and manualSelector: true in its job template',
      manifests: cronJob('      manualSelector: true\n      selector: {matchLabels: {app: batch}}\n'),
      errors: [
        { messageId: 'cronJobSelector', line: 8, column: 23, includes: 'cannot set manualSelector: true' },
        { messageId: 'cronJobSelector', line: 9, column: 7, includes: '("`selector` will be auto-generated"); remove spec.jobTemplate.spec.selector' },
      ],
    },
    {
      name: 'a ReplicationController selector map has a label the template lacks',
      manifests: workload('ReplicationController', '    app: web\n    release: stable'),
      errors: [{ messageId: 'mismatch', line: 8, column: 5, includes: 'release=stable (label missing)' }],
    },
  ],
});
