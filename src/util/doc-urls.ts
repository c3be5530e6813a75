/** The project's home, linked from SARIF logs. */
export const REPOSITORY_URL = 'https://github.com/kube-netlint/kube-netlint';

/** Where a rule's documentation page lives (SARIF help, editor diagnostics, the Action summary). */
export function ruleDocUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/rules/${ruleId}.md`;
}
