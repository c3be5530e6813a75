import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Path } from '../source/types.ts';

/** One schema violation, at a property path of the validated value. */
export interface SchemaProblem {
  readonly path: Path;
  readonly message: string;
  /** Point at the key (e.g. an unknown property) rather than the value. */
  readonly key: boolean;
}

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const compiled = new Map<object, ValidateFunction>();

/** Compiles a schema once and validates a value, returning problems with property paths. */
export function validateAgainst(schema: object, value: unknown): SchemaProblem[] {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(value)) return [];
  return simplify(validate.errors ?? []).map(toProblem);
}

/** Converts a JSON pointer (`/spec/ports/0/port`) to a path; array indexes become numbers. */
export function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `oneOf` failures repeat every branch's complaint; keep the summary and drop the branch noise. */
function simplify(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const kept = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || ![...oneOfPaths].some((p) => e.instancePath === p && e.schemaPath.includes('Of/')));
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toProblem(error: ErrorObject): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const property = String((error.params as { additionalProperty: string }).additionalProperty);
      return { path: [...path, property], message: `unknown field "${property}"`, key: true };
    }
    case 'required': {
      const property = String((error.params as { missingProperty: string }).missingProperty);
      return { path, message: `missing required field "${property}"`, key: true };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
      return { path, message: `${describePath(path)} must be one of ${allowed}`, key: false };
    }
    case 'oneOf':
    case 'anyOf':
      return { path, message: `${describePath(path)} does not match any allowed form`, key: false };
    default:
      return { path, message: `${describePath(path)} ${(error.parentSchema as { errorMessage?: string } | undefined)?.errorMessage ?? error.message ?? 'is invalid'}`, key: false };
  }
}

/** `spec.ports[0].port`, for messages. */
export function describePath(path: Path): string {
  if (path.length === 0) return 'the document';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}
