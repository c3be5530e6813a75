/**
 * Workloads whose pods exist only for a moment of a release, not to serve a Service. Helm runs the
 * objects annotated `helm.sh/hook` (`pre-install`, `post-upgrade`, ...) at those points of a release
 * life cycle, apart from the release's own resources (helm.sh/docs/topics/charts_hooks), and chart
 * tests are `helm.sh/hook: test` (formerly `test-success`) Pods or Jobs that only `helm test` runs
 * (helm.sh/docs/topics/chart_tests). Chart test Pods routinely carry the application's labels, so a
 * Service's selector picks them up too.
 */
import type { Workload } from '../model/types.ts';

/** The annotation Helm reads to run an object as a hook rather than as part of the release. */
export const HELM_HOOK_ANNOTATION = 'helm.sh/hook';

/** Whether the workload is a Helm hook (a test Pod, a pre-install Job, ...): its pods come and go with the hook. */
export function isHelmHook(workload: Workload): boolean {
  return Object.hasOwn(workload.object.annotations, HELM_HOOK_ANNOTATION);
}

/**
 * The workloads a Service is meant for among those its selector matches: Helm hooks are left out
 * when others remain, so that a test Pod beside the Deployment it tests does not count as a backend
 * (its missing ports are no finding on the Service). A selector that matches hooks only keeps them:
 * the Service is then theirs.
 */
export function servingWorkloads(matching: readonly Workload[]): readonly Workload[] {
  if (!matching.some(isHelmHook)) return matching;
  const lasting = matching.filter((w) => !isHelmHook(w));
  return lasting.length > 0 ? lasting : matching;
}
