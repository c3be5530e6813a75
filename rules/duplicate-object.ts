import type { Rule } from '../src/lint/types.ts';
import type { KubeObject } from '../src/model/types.ts';
import { asRecord, asString } from '../src/model/values.ts';
import { positionAt } from '../src/source/text.ts';
import { locateTarget } from '../src/lint/locate.ts';

/** Flags a second object with the kind, namespace and name of an earlier one. */
export const rule: Rule = {
  meta: {
    id: 'duplicate-object',
    severity: 'warning',
    description: 'The same kind, namespace and name must be defined only once across the linted files.',
    messages: {
      duplicate:
        '{{kind}} "{{name}}"{{where}} is already defined at {{first}}; when both are applied, the later one silently replaces the earlier',
    },
    remediation: 'Remove or rename one of the two objects; lint the manifests of each environment or overlay in a separate run.',
  },
  check(context) {
    const first = new Map<string, KubeObject>();
    context.each(context.model.objects, (object) => {
      // generateName objects get a fresh name on every create, so they never collide.
      if (asString(asRecord(object.raw.metadata)?.name) === undefined) return;
      const key = `${object.kind}\u0000${object.namespace}\u0000${object.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, object);
        return;
      }
      const at = { object: earlier, path: ['metadata', 'name'] };
      const { file, span } = locateTarget(at);
      context.report({
        messageId: 'duplicate',
        data: {
          kind: object.kind,
          name: object.name,
          where: object.namespace ? ` in namespace "${object.namespace}"` : '',
          first: `${file.path}:${positionAt(file, span.start).line}`,
        },
        at: { object, path: ['metadata', 'name'] },
        related: [{ at, message: `first definition of ${earlier.kind} "${earlier.name}"` }],
      });
    });
  },
};

export default rule;
