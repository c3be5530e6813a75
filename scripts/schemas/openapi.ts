// Reads Kubernetes OpenAPI definitions as the `kubernetes-models` packages ship them (dev tooling only,
// tools/package.json): each definition is a TypeScript interface generated from the OpenAPI document
// (`v1/ServicePort.d.ts` exports `IIoK8sApiCoreV1ServicePort`), beside a validator compiled from the same
// definition's JSON Schema (`_schemas/IoK8sApiCoreV1ServicePort.js`). The packages ship no JSON Schema
// text, so the fields, which of them are required and the enums are read from the declarations (with the
// TypeScript parser: no type checking, no module resolution), and whether a number is an integer, which a
// declaration cannot say, from the compiled validator (it is given 0.5 and asked whether it wants an integer).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** The type of one field of a definition. */
export type FieldType =
  | { readonly kind: 'string' | 'number' | 'integer' | 'boolean' | 'intOrString' | 'any' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly items: FieldType }
  | { readonly kind: 'map'; readonly values: FieldType }
  | { readonly kind: 'ref'; readonly name: string };

/** One definition: its fields in declaration order, and the required ones. */
export interface Definition {
  readonly name: string;
  /** The package that ships it, for the generated files' provenance. */
  readonly source: string;
  readonly fields: ReadonlyMap<string, FieldType>;
  readonly required: readonly string[];
  /** A definition that is a type alias (IntOrString: `string | number`), not an object. */
  readonly alias?: FieldType;
}

/** A package of definitions: its directory and the module that holds each definition's compiled validator. */
export interface DefinitionPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** `io.k8s.api.core.v1.ServicePort` -> `IoK8sApiCoreV1ServicePort`, the packages' spelling. */
export function camelName(name: string): string {
  return name
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function declarationFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'node_modules' || entry === '_schemas') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...declarationFiles(path));
    else if (entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Reads definitions on demand from a set of packages. */
export class OpenApiDefinitions {
  readonly packages: readonly DefinitionPackage[];
  private readonly fileOf = new Map<string, { file: string; pkg: DefinitionPackage }>();
  private readonly cache = new Map<string, Definition>();

  constructor(packageDirs: readonly string[]) {
    this.packages = packageDirs.map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      return { name: manifest.name, version: manifest.version, dir };
    });
    // Each declaration file re-exports its interface under the definition's name: `export type { IServicePort as IIoK8sApiCoreV1ServicePort, ... }`.
    for (const pkg of this.packages) {
      for (const file of declarationFiles(pkg.dir)) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/export type \{ (\w+) as I(\w+),/g)) {
          if (!this.fileOf.has(match[2]!)) this.fileOf.set(match[2]!, { file, pkg });
        }
      }
    }
  }

  /** The definition of a dotted OpenAPI name (`io.k8s.api.core.v1.ServicePort`) or of its camel-case spelling. */
  async get(name: string): Promise<Definition> {
    const camel = name.includes('.') ? camelName(name) : name;
    const cached = this.cache.get(camel);
    if (cached) return cached;
    const located = this.fileOf.get(camel);
    if (!located) throw new Error(`no package declares the definition ${name} (${camel})`);
    const definition = await this.read(camel, located.file, located.pkg);
    this.cache.set(camel, definition);
    return definition;
  }

  private async read(camel: string, file: string, pkg: DefinitionPackage): Promise<Definition> {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
    // The local name exported as the definition (`IServicePort`).
    const local = new RegExp(`export type \\{ (\\w+) as I${camel},`).exec(source.text)![1]!;
    const fields = new Map<string, FieldType>();
    const required: string[] = [];
    let alias: FieldType | undefined;
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === local) {
        for (const member of statement.members) {
          if (!ts.isPropertySignature(member) || !member.type) continue;
          const field = ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : undefined;
          if (field === undefined) continue;
          fields.set(field, typeOf(member.type));
          if (!member.questionToken) required.push(field);
        }
      } else if (ts.isTypeAliasDeclaration(statement) && statement.name.text === local) {
        alias = typeOf(statement.type);
      }
    }
    const sourceName = `${pkg.name} ${pkg.version}`;
    if (alias) return { name: camel, source: sourceName, fields, required, alias };
    // A declaration says `number`; the compiled validator knows whether the definition wants an integer.
    const numbers = [...fields].filter(([, type]) => innermost(type).kind === 'number').map(([field]) => field);
    if (numbers.length > 0) {
      const validatorFile = join(pkg.dir, '_schemas', `${camel}.js`);
      const { validate } = (await import(pathToFileURL(validatorFile).href)) as { validate: ((value: unknown) => boolean) & { errors?: { instancePath: string; keyword: string; params: { type?: string } }[] } };
      for (const field of numbers) {
        const probe = { [field]: wrapLike(fields.get(field)!, 0.5) };
        validate(probe);
        const wantsInteger = (validate.errors ?? []).some((e) => e.keyword === 'type' && e.params.type === 'integer' && e.instancePath.startsWith(`/${field}`));
        if (wantsInteger) fields.set(field, withInnermost(fields.get(field)!, { kind: 'integer' }));
      }
    }
    return { name: camel, source: sourceName, fields, required };
  }
}

function typeOf(node: ts.TypeNode): FieldType {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { kind: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { kind: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { kind: 'boolean' };
    default:
      break;
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { kind: 'enum', values: [node.literal.text] };
  if (ts.isUnionTypeNode(node)) {
    const values = node.types.map((member) => (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal) ? member.literal.text : undefined));
    if (values.every((value) => value !== undefined)) return { kind: 'enum', values: values as string[] };
    const keywords = new Set(node.types.map((member) => member.kind));
    if (keywords.size === 2 && keywords.has(ts.SyntaxKind.StringKeyword) && keywords.has(ts.SyntaxKind.NumberKeyword)) return { kind: 'intOrString' };
    return { kind: 'any' };
  }
  if (ts.isArrayTypeNode(node)) return { kind: 'array', items: typeOf(node.elementType) };
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    if (name === 'Array' && node.typeArguments?.length === 1) return { kind: 'array', items: typeOf(node.typeArguments[0]!) };
    if (name.startsWith('IIoK8s') || /^I[A-Z]/.test(name)) return { kind: 'ref', name: name.slice(1) };
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index?.type && node.members.length === 1) return { kind: 'map', values: typeOf(index.type) };
  }
  return { kind: 'any' };
}

function innermost(type: FieldType): FieldType {
  if (type.kind === 'array') return innermost(type.items);
  if (type.kind === 'map') return innermost(type.values);
  return type;
}

function withInnermost(type: FieldType, inner: FieldType): FieldType {
  if (type.kind === 'array') return { kind: 'array', items: withInnermost(type.items, inner) };
  if (type.kind === 'map') return { kind: 'map', values: withInnermost(type.values, inner) };
  return inner;
}

function wrapLike(type: FieldType, value: unknown): unknown {
  if (type.kind === 'array') return [wrapLike(type.items, value)];
  if (type.kind === 'map') return { probe: wrapLike(type.values, value) };
  return value;
}
