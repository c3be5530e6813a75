import type { Rule } from '../src/lint/types.ts';
import type { KubeObject } from '../src/model/types.ts';
import { groupOf } from '../src/model/kinds/define.ts';
import { kindModuleOf } from '../src/model/kinds/index.ts';

/** Flags a second object with the kind, namespace and name of an earlier one. */
export const rule: Rule = {
  meta: {
    id: 'duplicate-object',
    severity: 'warning',
    description: 'The same kind, namespace and name must be defined only once across the linted files.',
    messages: {
      // The first definition is a related location, not message text: SARIF fingerprints hash the
      // message, which must not change when the other copy moves.
      duplicate:
        '{{article}} {{kind}} named "{{name}}"{{where}} is already defined in the linted files; when both are applied, the later one silently replaces the earlier: remove or rename one of them',
    },
    remediation: 'Remove or rename one of the two objects; lint the manifests of each environment or overlay in a separate run.',
  },
  check(context) {
    const first = new Map<string, KubeObject>();
    context.each(context.model.objects, (object) => {
      // generateName objects get a fresh name on every create, so they never collide.
      if (object.unnamed) return;
      // Kinds are told apart by group: a custom resource read as a workload from the built-in kind of its
      // name, a Calico NetworkPolicy from a Kubernetes one; the groups of one module serve one kind.
      const module = kindModuleOf(object.kind, object.apiVersion);
      const kind = module ? `${module.kind}.${module.groups[0]}` : `${object.kind}.${groupOf(object.apiVersion)}`;
      const key = `${kind}\u0000${object.namespace}\u0000${object.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, object);
        return;
      }
      context.report({
        messageId: 'duplicate',
        // "an Ingress", "an EndpointSlice": the article follows the kind's first sound.
        data: { article: /^[AEIOU]/i.test(object.kind) ? 'an' : 'a', kind: object.kind, name: object.name, where: object.namespace ? ` in namespace "${object.namespace}"` : '' },
        at: { object, path: ['metadata', 'name'] },
        related: [{ at: { object: earlier, path: ['metadata', 'name'] }, message: `first definition of ${earlier.kind} "${earlier.name}"` }],
      });
    });
  },
};

export default rule;
