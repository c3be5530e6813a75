import { Ajv, type ErrorObject } from 'ajv';
import { getIn, withoutNullFields } from '../model/values.ts';
import { isQuotableToken } from '../source/plain-scalar.ts';
import type { Path } from '../source/types.ts';
import { AJV_OPTIONS, schemaKey, type Validator } from './compile-options.ts';
import { PRECOMPILED } from './precompiled.generated.js';

/** One schema violation, at a property path of the validated value. */
export interface SchemaProblem {
  readonly path: Path;
  readonly message: string;
  /** Point at the key (e.g. an unknown property) rather than the value. */
  readonly key: boolean;
}

// By schema object. The schemas are the tool's own (imported JSON: Kubernetes kinds, the config file,
// the rules' option schemas), a fixed set: the cache stops growing once each has been compiled.
const compiled = new Map<object, Validator>();
// Compiling at run time is the exception (a schema edited since `npm run schemas`, or a test's own):
// the instance, and ajv's compilation of the meta-schema that checks each schema, only when one comes.
let runtime: { readonly ajv: Ajv; readonly registered: Set<object> } | undefined;

/** The text of the plain (unquoted, untagged) scalar at a problem's path as written in its file, if any. */
export type ScalarText = (path: Path) => string | undefined;

/** How `validateAgainst` reads and places a value. */
export interface ValidateOptions {
  /** The schemas `schema` `$ref`s by `$id` (registered once). */
  readonly referenced?: readonly object[];
  /** Where the value sits in a larger document (a rule's options in the config): paths and messages start there. */
  readonly at?: Path;
  /**
   * A scalar's source text, so that a number or boolean where a string belongs gets the hint to quote
   * what was written (`1.0`, not the 1 it was read as); without it there is no such hint.
   */
  readonly textOf?: ScalarText;
  /**
   * Read a field written as null as unset, as the API server decodes objects (`withoutNullFields`):
   * never a type error; a required one is reported at its null value.
   */
  readonly nullIsUnset?: boolean;
}

/** Compiles a schema once and validates a value, returning problems with property paths and readable messages. */
export function validateAgainst(schema: object, value: unknown, { referenced = [], at = [], textOf, nullIsUnset = false }: ValidateOptions = {}): SchemaProblem[] {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = PRECOMPILED.get(schemaKey(schema, referenced)) ?? compileAtRunTime(schema, referenced)));
  const decoded = nullIsUnset ? withoutNullFields(value) : value;
  if (validate(decoded)) return [];
  return simplify(validate.errors ?? []).map((error) => {
    const missing = error.keyword === 'required' ? String((error.params as { missingProperty?: unknown }).missingProperty) : undefined;
    const path = pointerToPath(error.instancePath);
    if (nullIsUnset && missing !== undefined && getIn(value, [...path, missing]) === null) {
      const field = [...at, ...path, missing];
      return { path: field, message: `${describePath(field)} is required, and null leaves it unset`, key: false };
    }
    return toProblem(error, at, textOf);
  });
}

/** Compiles a schema no precompiled validator was generated from (see `PRECOMPILED`). */
function compileAtRunTime(schema: object, referenced: readonly object[]): Validator {
  runtime ??= { ajv: new Ajv(AJV_OPTIONS), registered: new Set() };
  const { ajv, registered } = runtime;
  for (const other of referenced) {
    if (registered.has(other)) continue;
    // A schema compiled earlier as a kind's own (a Gateway's, referenced by the ListenerSet's) is known by its $id already.
    const id = (other as { $id?: unknown }).$id;
    if (typeof id !== 'string' || !ajv.getSchema(id)) ajv.addSchema(other);
    registered.add(other);
  }
  return ajv.compile(schema);
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

/**
 * One complaint per cause: `if` failures only repeat their `then`/`else` errors; a value of the wrong
 * type gets only the type error; `oneOf`/`anyOf` keep their summary and drop each branch's complaint.
 */
function simplify(errors: readonly ErrorObject[]): ErrorObject[] {
  const typeErrorAt = new Map<string, ErrorObject>();
  for (const e of errors) if (e.keyword === 'type' && !typeErrorAt.has(e.instancePath)) typeErrorAt.set(e.instancePath, e);
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    const typeError = typeErrorAt.get(e.instancePath);
    if (typeError) return e === typeError;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') return true;
    return !(oneOfPaths.has(e.instancePath) && e.schemaPath.includes('Of/'));
  });
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The subschema's own message for this keyword, if it declares one. */
function customMessage(error: ErrorObject): string | undefined {
  const declared = (error.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (typeof declared === 'string') return declared;
  const byKeyword = declared && typeof declared === 'object' ? (declared as Record<string, unknown>)[error.keyword] : undefined;
  return typeof byKeyword === 'string' ? byKeyword : undefined;
}

function toProblem(error: ErrorObject, at: Path, textOf: ScalarText | undefined): SchemaProblem {
  const path = [...at, ...pointerToPath(error.instancePath)];
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  const custom = customMessage(error);
  switch (error.keyword) {
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = known.length > 0 ? `; known fields: ${known.join(', ')}` : '';
      return { path: [...path, property], message: `unknown field "${property}" ${path.length > 0 ? `in ${where}` : 'at the top level'}${hint}`, key: true };
    }
    case 'required':
      return { path, message: `${where} ${custom ?? `is missing the required field "${String(params.missingProperty)}"`}`, key: true };
    case 'dependencies':
      return { path, message: custom ? `${where} ${custom}` : `${where} sets "${String(params.property)}" without "${String(params.missingProperty)}"`, key: true };
    default: {
      // A complaint about a whole map or list (no peer given, both forms set) points at its key.
      const whole = error.keyword !== 'type' && error.data !== null && typeof error.data === 'object';
      return { path, message: `${where} ${custom ?? defaultMessage(error)}${valueSuffix(error, path, textOf)}`, key: whole };
    }
  }
}

function defaultMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type)
        .split(',')
        .map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`))
        .join(' or ')}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters long, not ${String((error.data as string).length)}`;
    case 'minItems':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} items`;
    case 'maxItems':
      return params.limit === 0 ? 'must be empty' : `must have at most ${String(params.limit)} items`;
    case 'minProperties':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} fields`;
    case 'oneOf':
    case 'anyOf':
      return 'does not match any allowed form';
    case 'not':
    case 'false schema':
      return 'is not allowed here';
    default:
      return error.message ?? 'is invalid';
  }
}

const SCALAR_KEYWORDS = new Set(['enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/** `, not "tcp"` for complaints about a scalar's value, with a hint when only quotes are wrong. */
function valueSuffix(error: ErrorObject, path: Path, textOf: ScalarText | undefined): string {
  const value: unknown = error.data;
  const scalar = value === null || typeof value !== 'object';
  if (error.keyword !== 'type' && !(scalar && SCALAR_KEYWORDS.has(error.keyword))) return '';
  const suffix = `, not ${describeValue(value)}`;
  if (error.keyword !== 'type') return suffix;
  const expected = String((error.params as { type: unknown }).type);
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    // Quote the text as written: the value as read may differ (`1.0` is read as 1, `0x10` as 16).
    const text = textOf?.(path);
    return text !== undefined && isQuotableToken(text) ? `, not ${text} (quote it: "${text}")` : suffix;
  }
  if (/integer|number/.test(expected) && typeof value === 'string' && /^\d+$/.test(value)) return `${suffix} (remove the quotes)`;
  return suffix;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** `spec.ports[0].port` or `metadata.annotations["prometheus.io/scrape"]`, for messages. */
export function describePath(path: Path): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      if (!/^[A-Za-z_$][\w$-]*$/.test(seg)) return `[${JSON.stringify(seg)}]`;
      return i === 0 ? seg : `.${seg}`;
    })
    .join('');
}
