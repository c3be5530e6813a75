import type { Rule } from '../src/lint/types.ts';
import type { KubeObject } from '../src/model/types.ts';
import { annotationRuleIds, directivesOf, IGNORE_ANNOTATION, isKnownRuleId } from '../src/lint/suppress.ts';
import type { Path, SourceFile } from '../src/source/types.ts';

const USE_DIRECTIVES = 'kube-netlint-disable-next-line, kube-netlint-disable-line or kube-netlint-disable';

/**
 * Flags suppressions that suppress nothing because they are misspelt: a rule id that no rule has (in a
 * comment directive or the ignore annotation), or a directive name that does not exist. ESLint reports
 * the same ("Definition for rule ... was not found").
 */
export const rule: Rule = {
  meta: {
    id: 'suppression',
    severity: 'warning',
    description: 'A disable comment or ignore annotation must name existing rules and an existing directive.',
    messages: {
      unknownRule: 'unknown rule "{{id}}" in {{where}}, so nothing is suppressed for it; correct the id (`kube-netlint rules` lists them)',
      unknownDirective: `unknown directive "kube-netlint-{{name}}", so it suppresses nothing; use ${USE_DIRECTIVES}`,
    },
    remediation: `Correct the rule id (\`kube-netlint rules\` lists them) or the directive name (${USE_DIRECTIVES}).`,
  },
  check(context) {
    const files = new Set<SourceFile>(context.model.documents.map((doc) => doc.file));
    for (const file of files) {
      for (const directive of directivesOf(file)) {
        if (!directive.kind) {
          // A hostile comment may hold a name of megabytes: the message shows its start.
          const name = directive.name.length > 60 ? `${directive.name.slice(0, 57)}...` : directive.name;
          context.report({ messageId: 'unknownDirective', data: { name }, at: { file, span: directive.span } });
          continue;
        }
        for (const ruleRef of directive.rules) {
          if (isKnownRuleId(ruleRef.id, context.ruleIds)) continue;
          context.report({ messageId: 'unknownRule', data: { id: ruleRef.id, where: `kube-netlint-${directive.kind}` }, at: { file, span: ruleRef.span } });
        }
      }
    }
    const checkAnnotation = (object: KubeObject, annotations: Readonly<Record<string, string>>, path: Path) => {
      const value = annotations[IGNORE_ANNOTATION];
      if (value === undefined) return;
      for (const id of annotationRuleIds(value)) {
        if (isKnownRuleId(id, context.ruleIds)) continue;
        const where = `the ${IGNORE_ANNOTATION} annotation`;
        context.report({ messageId: 'unknownRule', data: { id, where }, at: { object, path: [...path, 'metadata', 'annotations', IGNORE_ANNOTATION] } });
      }
    };
    context.each(context.model.objects, (object) => checkAnnotation(object, object.annotations, []));
    context.each(context.model.workloads, (workload) => {
      // A bare Pod's template is the Pod itself, already checked above.
      if (workload.template.path.length > 0) checkAnnotation(workload.object, workload.template.annotations, workload.template.path);
    });
  },
};

export default rule;
