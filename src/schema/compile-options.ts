import { createHash } from 'node:crypto';
import type { ErrorObject } from 'ajv';

/**
 * The ajv options of every validator of the tool, whether compiled at run time (validate.ts) or ahead
 * of it (scripts/schemas/validators.ts, `npm run schemas`): one list, so that both produce the same
 * code and the same error objects. `verbose` keeps the failing value and subschema on each error:
 * messages quote the value and use the subschema's `errorMessage`.
 */
export const AJV_OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true, verbose: true } as const;

/** A compiled validator, as ajv's runtime compiler and its standalone code both produce it. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * The key of a validator: a digest of its schema and of the schemas it references, as written. A
 * precompiled validator is taken only for the very content it was generated from, so a schema edited
 * without regenerating is compiled at run time (slower, never wrong) rather than checked by stale code.
 */
export function schemaKey(schema: object, referenced: readonly object[]): string {
  return createHash('sha256').update(JSON.stringify([schema, ...referenced])).digest('hex');
}
