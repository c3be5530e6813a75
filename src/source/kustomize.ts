/**
 * kustomize trees, read as kustomize reads them, and the origins of rendered objects: which source
 * file defines each field of an object `kustomize build` (or `kubectl kustomize`) produced.
 *
 * The build runs with `buildMetadata: [originAnnotations]` (src/render/kustomize.ts), so each object
 * carries `config.kubernetes.io/origin: "path: ../base/deployment.yaml"`; that names the file the
 * object comes from. A field whose rendered value equals the value at the same path in that file is
 * located there; a field a patch set (strategic merge or JSON 6902, from a file or inline) is located
 * in the patch; a label, selector entry or annotation the kustomization adds (`labels`,
 * `commonLabels`, `commonAnnotations`), or the namespace it sets, at that entry of the kustomization
 * file; a field something else changed (`namePrefix`, `images`) stays at its place in the
 * source file, with a note quoting the rendered value; the rest is located in the rendered stream
 * (src/source/rendered.ts), with a note naming the kustomization. The origin annotation is removed
 * from the objects the model reads: no rule sees it.
 *
 * Pure except for `read`, which the caller passes (it reads the disk, and returns undefined for a
 * file that is not there or not readable).
 */
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Outside } from './containment.ts';
import { parseFile } from './parse.ts';
import { fieldInSource, sameValue, valueAt, type DocumentOrigin } from './rendered.ts';
import type { NodeLocation, ParsedDocument, Path, SourceFile, Span } from './types.ts';

/** The file names kustomize looks for in a directory, in its order (api/konfig.RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** The annotation `buildMetadata: [originAnnotations]` adds to every rendered object. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** Reads a file by absolute path; undefined when it is absent or unreadable. */
export type ReadFile = (absPath: string) => SourceFile | undefined;

/** One kustomization (or Component) of a tree. */
export interface Kustomization {
  readonly dir: string;
  readonly file: SourceFile;
  readonly doc: ParsedDocument | undefined;
  /** Directories among its `resources`, `bases` and `components`: kustomizations it builds on. */
  readonly children: readonly string[];
  /** Its patches, in the order kustomize applies them. */
  readonly patches: readonly Patch[];
  /** Its entries that name a path outside the repository (the `boundary` of `readKustomizationTree`): neither read nor followed. */
  readonly refused: readonly RefusedReference[];
}

/** An entry of a kustomization naming a local path outside the repository, at the entry. */
export interface RefusedReference {
  readonly file: SourceFile;
  readonly span: Span;
  /** What the entry is and the path as written: `resource "../../etc"`. */
  readonly reference: string;
  readonly how: Outside;
}

/**
 * Where a kustomization may read: how a path lies outside the repository (undefined: inside), and a
 * directory's identity (its real path: links to one directory are one directory, so a loop of links
 * ends). Without one, every path is followed, as written.
 */
export interface Boundary {
  readonly outside: (absPath: string) => Outside | undefined;
  readonly identity: (absPath: string) => string;
}

/** A target of a patch (`patches[].target`, `patchesJson6902[].target`): regular expressions, as kustomize matches them. */
interface PatchTarget {
  readonly kind?: string;
  readonly name?: string;
}

/**
 * A patch: a strategic merge patch (documents that look like objects) or a JSON 6902 patch (a list of
 * operations). `doc` is where its value is and `base` the path of that value in `doc` (an inline patch
 * is parsed on its own and `shift` maps its offsets back into the kustomization file).
 */
interface Patch {
  readonly type: 'strategic' | 'json6902';
  readonly docs: readonly ParsedDocument[];
  readonly target?: PatchTarget;
  /** Where the patch's text sits in the file that holds it, for inline patches. */
  readonly shift?: (span: Span) => Span;
  readonly holder: SourceFile;
}

/** The kustomization file of a directory, when it has one. */
export function kustomizationFileIn(dir: string, read: ReadFile): SourceFile | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = read(join(dir, name));
    if (file) return file;
  }
  return undefined;
}

/**
 * Every kustomization reachable from `root` (its resources, bases and components that are
 * directories), children before parents: the order in which kustomize applies their patches.
 */
export function readKustomizationTree(root: string, read: ReadFile, isDirectory: (absPath: string) => boolean, boundary?: Boundary): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number) => {
    // A cycle or a very deep chain is kustomize's error to report; stop here.
    const identity = boundary ? boundary.identity(dir) : dir;
    if (seen.has(identity) || depth > 50) return;
    seen.add(identity);
    const file = kustomizationFileIn(dir, read);
    if (!file) return;
    const doc = parseFile(file)[0];
    const value = record(doc?.value);
    const refused: RefusedReference[] = [];
    const outside = new Set<string>();
    if (boundary && doc) {
      for (const { at, entry, what } of localReferences(value)) {
        const how = boundary.outside(resolve(dir, entry));
        if (!how) continue;
        outside.add(entry);
        refused.push({ file, span: doc.locate(at)?.value ?? doc.span, reference: `${what} ${JSON.stringify(entry)}`, how });
      }
    }
    const children: string[] = [];
    for (const key of ['resources', 'bases', 'components']) {
      for (const entry of list(value[key])) {
        if (typeof entry !== 'string' || isRemote(entry) || outside.has(entry)) continue;
        const target = resolve(dir, entry);
        if (isDirectory(target)) children.push(target);
      }
    }
    for (const child of children) visit(child, depth + 1);
    out.push({ dir, file, doc, children, patches: doc ? patchesOf(dir, file, doc, value, read, outside) : [], refused });
  };
  visit(resolve(root), 0);
  return out;
}

/**
 * The entries of a kustomization that name local files or directories kustomize reads: what it builds
 * on, its patches, generator inputs, replacements, CRDs, plugin configs, OpenAPI schema. Remote URLs and
 * inline values (a text with a line break) are no paths.
 */
function localReferences(value: Record<string, unknown>): { at: Path; entry: string; what: string }[] {
  const out: { at: Path; entry: string; what: string }[] = [];
  const add = (at: Path, entry: unknown, what: string) => {
    if (typeof entry === 'string' && entry !== '' && !entry.includes('\n') && !isRemote(entry)) out.push({ at, entry, what });
  };
  const each = (key: string, what: string) => list(value[key]).forEach((entry, i) => add([key, i], entry, what));
  each('resources', 'resource');
  each('bases', 'base');
  each('components', 'component');
  each('crds', 'crd');
  each('configurations', 'configuration');
  each('generators', 'generator');
  each('transformers', 'transformer');
  each('validators', 'validator');
  each('patchesStrategicMerge', 'patch');
  for (const key of ['patches', 'patchesJson6902', 'replacements']) {
    list(value[key]).forEach((entry, i) => add([key, i, 'path'], record(entry).path, key === 'replacements' ? 'replacement' : 'patch'));
  }
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    list(value[key]).forEach((raw, i) => {
      const generator = record(raw);
      // `files` entries are `[key=]path`.
      list(generator.files).forEach((entry, j) => add([key, i, 'files', j], typeof entry === 'string' ? entry.slice(entry.indexOf('=') + 1) : entry, 'generator file'));
      list(generator.envs).forEach((entry, j) => add([key, i, 'envs', j], entry, 'env file'));
      add([key, i, 'env'], generator.env, 'env file');
    });
  }
  add(['openapi', 'path'], record(value.openapi).path, 'OpenAPI schema');
  return out;
}

/** Whether a resource entry is fetched rather than read from the tree (a git or HTTP URL). */
export function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry);
}

/** The directories named by a kustomization's `resources`, `bases` and `components` (for finding the roots of a tree). */
export function childDirectories(dir: string, file: SourceFile, isDirectory: (absPath: string) => boolean): string[] {
  const value = record(parseFile(file)[0]?.value);
  return ['resources', 'bases', 'components'].flatMap((key) =>
    list(value[key]).flatMap((entry) => (typeof entry === 'string' && !isRemote(entry) && isDirectory(resolve(dir, entry)) ? [resolve(dir, entry)] : [])),
  );
}

function patchesOf(dir: string, file: SourceFile, doc: ParsedDocument, value: Record<string, unknown>, read: ReadFile, outside: ReadonlySet<string>): Patch[] {
  const patches: Patch[] = [];
  const fromFile = (path: string, target: PatchTarget | undefined, type?: Patch['type']) => {
    // kustomize reads a patch only below its kustomization's directory (LoadRestrictionsRootOnly).
    if (isAbsolute(path) || isRemote(path) || !isBelow(resolve(dir, path), dir) || outside.has(path)) return;
    const patchFile = read(resolve(dir, path));
    if (!patchFile) return;
    const docs = parseFile(patchFile).filter((d) => d.value !== undefined);
    patches.push({ type: type ?? typeOf(docs), docs, holder: patchFile, ...(target ? { target } : {}) });
  };
  const inline = (text: string, at: Path, target: PatchTarget | undefined) => {
    const location = doc.locate(at);
    const own: SourceFile = { path: file.path, absPath: file.absPath, text };
    const docs = parseFile(own).filter((d) => d.value !== undefined);
    const shift = location ? blockShift(file.text, location.value, text) : undefined;
    patches.push({ type: typeOf(docs), docs, holder: file, ...(target ? { target } : {}), ...(shift ? { shift } : { shift: () => location?.value ?? doc.span }) });
  };
  // patchesStrategicMerge (deprecated) entries are file paths or inline patches.
  list(value.patchesStrategicMerge).forEach((entry, i) => {
    if (typeof entry !== 'string') return;
    if (entry.includes('\n')) inline(entry, ['patchesStrategicMerge', i], undefined);
    else fromFile(entry, undefined, 'strategic');
  });
  for (const key of ['patchesJson6902', 'patches'] as const) {
    list(value[key]).forEach((raw, i) => {
      const entry = record(raw);
      const target = targetOf(entry.target);
      if (typeof entry.path === 'string') fromFile(entry.path, target, key === 'patchesJson6902' ? 'json6902' : undefined);
      else if (typeof entry.patch === 'string') inline(entry.patch, [key, i, 'patch'], target);
    });
  }
  return patches;
}

function targetOf(raw: unknown): PatchTarget | undefined {
  const target = record(raw);
  const out: { kind?: string; name?: string } = {};
  if (typeof target.kind === 'string') out.kind = target.kind;
  if (typeof target.name === 'string') out.name = target.name;
  return raw === undefined ? undefined : out;
}

/** A JSON 6902 patch is a list of operations; anything else is a strategic merge patch. */
function typeOf(docs: readonly ParsedDocument[]): Patch['type'] {
  return docs.length === 1 && Array.isArray(docs[0]!.value) ? 'json6902' : 'strategic';
}

/**
 * For an inline patch written as a block scalar (`patch: |-`), maps a span of the patch's own text to
 * the kustomization file: each line of the text is a line of the block, behind its indentation.
 * Undefined when the scalar is not a plain literal block (a quoted or folded string: the whole value
 * is then the place).
 */
function blockShift(fileText: string, span: Span, text: string): ((span: Span) => Span) | undefined {
  const source = fileText.slice(span.start, span.end);
  if (!/^\|[-+]?[ \t]*(#.*)?\r?\n/.test(source)) return undefined;
  const lineStarts: number[] = [];
  let at = source.indexOf('\n') + 1;
  const textLines = text.split('\n');
  let indent = -1;
  for (const line of textLines) {
    const sourceLine = source.slice(at, source.indexOf('\n', at) === -1 ? source.length : source.indexOf('\n', at));
    if (line.length > 0) {
      const lead = sourceLine.length - sourceLine.trimStart().length;
      if (indent < 0) indent = lead;
      if (sourceLine.slice(indent) !== line) return undefined;
    }
    lineStarts.push(span.start + at + Math.max(indent, 0));
    const next = source.indexOf('\n', at);
    at = next === -1 ? source.length : next + 1;
  }
  const textStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') textStarts.push(i + 1);
  const map = (offset: number) => {
    let line = 0;
    while (line + 1 < textStarts.length && textStarts[line + 1]! <= offset) line++;
    return (lineStarts[line] ?? span.start) + (offset - textStarts[line]!);
  };
  return (s) => ({ start: map(s.start), end: map(s.end) });
}

/**
 * Where the fields of each rendered object come from. `originDir` is the directory the origin
 * paths are relative to (the wrapper kustomization's), `producer` names the kustomization in notes.
 */
export function kustomizeOrigins(
  tree: readonly Kustomization[],
  originDir: string,
  producer: string,
  read: ReadFile,
  /** The path as the tree names it, for a path through real directories (kustomize resolves symbolic links; the tree keeps the user's paths). */
  fromReal: (absPath: string) => string = (absPath) => absPath,
): (doc: ParsedDocument) => DocumentOrigin | undefined {
  const patches = tree.flatMap((k) => k.patches);
  // Many objects come from one file: parse it once.
  const parsed = new Map<SourceFile, ParsedDocument[]>();
  const documentsOf = (file: SourceFile) => parsed.get(file) ?? parsed.set(file, parseFile(file)).get(file)!;
  return (doc) => {
    const value = record(doc.value);
    const stripped = withoutOrigin(value);
    const originText = record(record(value.metadata).annotations)[ORIGIN_ANNOTATION];
    const originPath = typeof originText === 'string' ? /^path:\s*(.+?)\s*$/m.exec(originText)?.[1] : undefined;
    const hasRepo = typeof originText === 'string' && /^repo:/m.test(originText);
    const originFile = originPath && !hasRepo ? fromReal(resolve(originDir, unquote(originPath))) : undefined;
    // Only a file of the tree, as kustomize reads them: an annotation the tool did not write must not
    // make a finding quote another file of the machine.
    const sourceFile = originFile && tree.some((k) => isBelow(originFile, k.dir)) ? read(originFile) : undefined;
    const source = sourceFile ? matchingDocument(documentsOf(sourceFile), stripped) : undefined;
    const kind = String(value.kind ?? '');
    const names = [stringAt(stripped, ['metadata', 'name']), source ? stringAt(source.value, ['metadata', 'name']) : undefined].filter((n): n is string => !!n);
    const applying = patches.filter((patch) => targets(patch, kind, names));
    return {
      value: stripped,
      locate(path: Path): NodeLocation | undefined {
        const rendered = valueAt(stripped, path);
        if (rendered === undefined) return undefined;
        if (source) {
          const inSource = fieldInSource(stripped, source, path);
          if (inSource) return inSource;
        }
        // The last patch that sets the field to its rendered value (patches apply in order).
        for (let i = applying.length - 1; i >= 0; i--) {
          const found = locateInPatch(applying[i]!, stripped, path, rendered, kind, names);
          if (found) return found;
        }
        const added = setByKustomization(tree, path, rendered);
        if (added) return added;
        if (source && !Array.isArray(rendered) && (rendered === null || typeof rendered !== 'object')) {
          const there = source.locate(path);
          if (there && valueAt(source.value, path) !== undefined) {
            return { ...there, file: source.file, note: `${producer} renders this field as ${JSON.stringify(rendered)}` };
          }
        }
        return undefined;
      },
    };
  };
}

/**
 * A label, selector or annotation entry a kustomization adds (`commonLabels`, `labels[].pairs`,
 * `commonAnnotations`) or the namespace it sets (`namespace:`), located there: the outermost
 * kustomization whose entry has the rendered value (it is applied last, so it wins).
 */
function setByKustomization(tree: readonly Kustomization[], path: Path, rendered: unknown): NodeLocation | undefined {
  const key = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof key !== 'string' || typeof rendered !== 'string') return undefined;
  const candidates: Path[] = [];
  if (path.length === 2 && path[0] === 'metadata' && key === 'namespace') candidates.push(['namespace']);
  else if (parent === 'labels' || parent === 'matchLabels' || parent === 'selector') {
    candidates.push(['commonLabels', key]);
  } else if (parent === 'annotations') candidates.push(['commonAnnotations', key]);
  for (let i = tree.length - 1; i >= 0; i--) {
    const { doc, file } = tree[i]!;
    if (!doc) continue;
    const paths = [...candidates];
    if (parent === 'labels' || parent === 'matchLabels' || parent === 'selector') {
      list(record(doc.value).labels).forEach((_, j) => paths.push(['labels', j, 'pairs', key]));
    }
    for (const at of paths) {
      if (valueAt(doc.value, at) !== rendered) continue;
      const location = doc.locate(at);
      if (location) return { ...location, file };
    }
  }
  return undefined;
}

/** The object without the origin annotation (and without `annotations` when that was all of them). */
function withoutOrigin(value: Record<string, unknown>): unknown {
  const metadata = record(value.metadata);
  const annotations = record(metadata.annotations);
  if (!Object.hasOwn(annotations, ORIGIN_ANNOTATION)) return value;
  const { [ORIGIN_ANNOTATION]: _, ...rest } = annotations;
  const { annotations: __, ...otherMetadata } = metadata;
  return { ...value, metadata: Object.keys(rest).length > 0 ? { ...otherMetadata, annotations: rest } : otherMetadata };
}

/** The document of the origin file that the object comes from: same kind, and the name kustomize may have prefixed or suffixed. */
function matchingDocument(docs: readonly ParsedDocument[], rendered: unknown): ParsedDocument | undefined {
  const kind = stringAt(rendered, ['kind']);
  const name = stringAt(rendered, ['metadata', 'name']) ?? '';
  const sameKind = docs.filter((d) => stringAt(d.value, ['kind']) === kind);
  const exact = sameKind.find((d) => stringAt(d.value, ['metadata', 'name']) === name);
  if (exact) return exact;
  const contained = sameKind.filter((d) => name.includes(stringAt(d.value, ['metadata', 'name']) ?? '\0'));
  contained.sort((a, b) => (stringAt(b.value, ['metadata', 'name'])?.length ?? 0) - (stringAt(a.value, ['metadata', 'name'])?.length ?? 0));
  return contained[0] ?? (sameKind.length === 1 ? sameKind[0] : undefined);
}

/** Whether a patch may apply to an object of `kind` named one of `names` (its rendered and its source name). */
function targets(patch: Patch, kind: string, names: readonly string[]): boolean {
  if (patch.target) {
    return (patch.target.kind === undefined || matches(patch.target.kind, [kind])) && (patch.target.name === undefined || matches(patch.target.name, names));
  }
  // A strategic merge patch names its object in itself.
  return patch.docs.some((d) => stringAt(d.value, ['kind']) === kind && names.some((n) => n === stringAt(d.value, ['metadata', 'name'])));
}

/**
 * kustomize matches a target's kind and name as anchored regular expressions (Go's RE2, linear time).
 * A pattern with regular-expression syntax is not run here (a JavaScript expression can backtrack for
 * ever on a hostile one): it may match, and the patch counts only where it holds the rendered value.
 */
function matches(pattern: string, candidates: readonly string[]): boolean {
  return /[\\^$.|?*+()[\]{}]/.test(pattern) || candidates.includes(pattern);
}

/** The place in `patch` that sets `path` of the object to `rendered`, if it does. */
function locateInPatch(patch: Patch, object: unknown, path: Path, rendered: unknown, kind: string, names: readonly string[]): NodeLocation | undefined {
  const place = (doc: ParsedDocument, at: Path): NodeLocation | undefined => {
    const location = doc.locate(at);
    if (!location) return undefined;
    const shift = patch.shift;
    if (!shift) return { ...location, file: patch.holder };
    return { value: shift(location.value), ...(location.key ? { key: shift(location.key) } : {}), file: patch.holder };
  };
  if (patch.type === 'json6902') {
    const doc = patch.docs[0];
    const ops = Array.isArray(doc?.value) ? doc.value : [];
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = record(ops[i]);
      if ((op.op !== 'add' && op.op !== 'replace') || typeof op.path !== 'string' || !('value' in op)) continue;
      const pointer = pointerPath(op.path, object);
      if (!pointer || pointer.length > path.length || !pointer.every((segment, j) => segment === path[j])) continue;
      const rest = path.slice(pointer.length);
      if (!sameOrCollection(valueAt(op.value, rest), rendered)) continue;
      return place(doc!, [i, 'value', ...rest]);
    }
    return undefined;
  }
  for (const doc of patch.docs) {
    if (stringAt(doc.value, ['kind']) !== undefined && stringAt(doc.value, ['kind']) !== kind) continue;
    const name = stringAt(doc.value, ['metadata', 'name']);
    if (!patch.target && name !== undefined && !names.includes(name)) continue;
    const inPatch = mergePath(doc.value, object, path);
    if (!inPatch) continue;
    if (!sameOrCollection(valueAt(doc.value, inPatch), rendered)) continue;
    const found = place(doc, inPatch);
    if (found) return found;
  }
  return undefined;
}

/**
 * The path in a strategic merge patch that corresponds to `path` of the rendered object: list items are
 * matched by their merge key (`name`, `containerPort`, `port`, ... whichever both items have), as
 * strategic merge pairs them; by position when the items have none.
 */
function mergePath(patch: unknown, object: unknown, path: Path): Path | undefined {
  const out: (string | number)[] = [];
  let inPatch = patch;
  let inObject = object;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(inPatch) || !Array.isArray(inObject)) return undefined;
      const item = record(inObject[segment]);
      let index = -1;
      for (const key of MERGE_KEYS) {
        if (item[key] === undefined) continue;
        index = inPatch.findIndex((candidate) => sameValue(record(candidate)[key], item[key]));
        if (index >= 0) break;
      }
      if (index < 0) index = inPatch.length === inObject.length ? segment : -1;
      if (index < 0) return undefined;
      out.push(index);
      inPatch = inPatch[index];
      inObject = inObject[segment];
    } else {
      inPatch = record(inPatch)[segment];
      inObject = record(inObject)[segment];
      if (inPatch === undefined) return undefined;
      out.push(segment);
    }
  }
  return out;
}

/** Merge keys of the lists of the API's pod and service specs (patchMergeKey in k8s.io/api), most specific first. */
const MERGE_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'topologyKey', 'type'] as const;

/** A JSON pointer (RFC 6901) as a path into `object`: an index where `object` has a list there; undefined for `-` (append) or a malformed pointer. */
function pointerPath(pointer: string, object: unknown): Path | undefined {
  if (!pointer.startsWith('/')) return pointer === '' ? [] : undefined;
  const out: (string | number)[] = [];
  let at = object;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      out.push(Number(segment));
      at = at[Number(segment)];
    } else {
      out.push(segment);
      at = record(at)[segment];
    }
  }
  return out;
}

function sameOrCollection(inPatch: unknown, rendered: unknown): boolean {
  if (inPatch === undefined) return false;
  if (rendered !== null && typeof rendered === 'object') return inPatch !== null && typeof inPatch === 'object' && Array.isArray(inPatch) === Array.isArray(rendered);
  return sameValue(inPatch, rendered);
}

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function unquote(text: string): string {
  return /^(['"]).*\1$/.test(text) ? text.slice(1, -1) : text;
}

function stringAt(value: unknown, path: Path): string | undefined {
  const found = valueAt(value, path);
  return typeof found === 'string' ? found : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The directory of a kustomization file. */
export function kustomizationDir(file: SourceFile): string {
  return dirname(file.absPath);
}
