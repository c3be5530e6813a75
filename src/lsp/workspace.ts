import { stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CONFIG_FILE_NAMES } from '../source/config-files.ts';
import { DEFAULT_CONFIG, findConfigFile, ignoreBaseOf, loadConfigFile, parseConfig, withPathChecks } from '../app/config.ts';
import type { Config } from '../config/types.ts';
import { analyzeDocuments, Program, type ProgramSizes } from '../analyze.ts';
import type { Diagnostic } from '../lint/types.ts';
import type { Model } from '../model/types.ts';
import { displayPath, IGNORED_DIRS, ignoreMatcher, loadSources, MANIFEST_EXTENSION, NOT_A_FILE, sourceFromText, type LoadOptions, type SkippedFile } from '../source/load.ts';
import { parseSources } from '../source/parse.ts';
import type { ParsedDocument, SourceFile } from '../source/types.ts';
import { compareStrings } from '../util/compare.ts';
import { FOLDER_LIMITS, walkFolder, type FolderLimits } from './folder-walk.ts';
import { mergeVariants } from '../lint/variants.ts';
import { kustomizeCommand, renderKustomizations, type RenderedKustomizations } from '../render/kustomize.ts';
import { KUSTOMIZATION_FILE_NAMES, kustomizationFileIn } from '../source/kustomize.ts';
import { DEFAULT_MAX_FILE_SIZE } from '../source/load.ts';
import { isRenderedStream } from '../source/rendered.ts';
import { readFileSync } from 'node:fs';
import { applyEditorSettings, NO_SETTINGS, type EditorSettings } from './settings.ts';
import { WorkspaceCharts } from './charts.ts';

/** Files read from disk between two turns of the event loop while a folder loads. */
const READ_BATCH = 200;
/** Characters parsed between two turns of the event loop while a workspace is analysed. */
const PARSE_SLICE = 1 << 20;

/** A file with its parsed documents; reused while the text is unchanged, so only edited files are re-parsed. */
interface Parsed {
  readonly file: SourceFile;
  readonly documents: readonly ParsedDocument[];
}

/** A change seen by a file watcher. */
export interface FileChange {
  readonly absPath: string;
  readonly deleted: boolean;
}

/**
 * One workspace folder as one model, like `kube-netlint FOLDER` run from that folder: the manifests
 * on disk, overridden by the text of documents open in the editor, and the folder's config file.
 * A workspace without a root holds only open documents that lie outside every folder.
 */
export class Workspace {
  private readonly disk = new Map<string, SourceFile>();
  private readonly skipped = new Map<string, SkippedFile>();
  private readonly open = new Map<string, string>();
  /** Each open document through the input checks, kept while its text and the size limit are unchanged. */
  private readonly checked = new Map<string, { readonly text: string; readonly maxSize: number | undefined; readonly entry: SourceFile | SkippedFile }>();
  private readonly parsed = new Map<string, Parsed>();
  /** Every cache kept from one analysis to the next (model parts, findings, source maps, policy worlds); dropped with the workspace. */
  private readonly program = new Program();
  private configPath: string | undefined;
  /** The config file's (the last valid one), before the editor's settings. */
  private fileConfig: Config = DEFAULT_CONFIG;
  private config: Config = DEFAULT_CONFIG;
  private configProblems: readonly Diagnostic[] = [];
  private settings: EditorSettings = NO_SETTINGS;
  private lastModel: Model | undefined;
  /** Why the last reading of the folder stopped short (FOLDER_LIMITS), for the server to tell the user. */
  truncated: string | undefined;
  /** The folder's kustomizations, rendered from disk; undefined when they must be rendered again. */
  private rendered: RenderedKustomizations | undefined;
  /** Why the folder's kustomizations are not rendered (no kustomize or kubectl), for the server to tell the user once. */
  renderProblem: string | undefined;
  /** The config's Helm charts, rendered from disk (charts.ts); `charts.problem` says why one was not. */
  readonly charts = new WorkspaceCharts();

  constructor(
    readonly root: string | undefined,
    private readonly limits: FolderLimits = FOLDER_LIMITS,
  ) {}

  /** True when the path lies inside this workspace's folder. */
  contains(absPath: string): boolean {
    return this.root !== undefined && (absPath === this.root || absPath.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep));
  }

  /** Reads the config and every manifest under the folder (within the limits), reporting how many manifests were found. */
  async reload(onProgress?: (files: number) => void): Promise<void> {
    this.readConfig();
    await this.readDisk(onProgress);
  }

  /**
   * Takes the editor's settings (config path, severities, ingress controller); with `loaded`, re-reads
   * the config (and the files, when the config changes which to load), else `reload` will.
   */
  async setSettings(settings: EditorSettings, loaded: boolean): Promise<void> {
    this.settings = settings;
    this.config = applyEditorSettings(this.fileConfig, settings);
    if (loaded && this.readConfig()) await this.readDisk();
  }

  /** The model of the last `analyze` (reach and explain requests), analysing first when there is none. */
  async model(): Promise<Model> {
    if (!this.lastModel) await this.analyze();
    return this.lastModel!;
  }

  /** Sets (or, with `undefined`, removes) the editor's text of a document, which overrides the disk. */
  async setOpen(absPath: string, text: string | undefined): Promise<void> {
    if (text === undefined) {
      this.open.delete(absPath);
      this.checked.delete(absPath);
    } else {
      this.open.set(absPath, text);
    }
    if (this.isConfigFile(absPath)) {
      if (this.readConfig()) await this.readDisk();
    } else if (text === undefined && this.root) {
      // Closed without saving: the disk version takes over again.
      await this.applyChanges([{ absPath, deleted: false }]);
    }
  }

  /** Applies file-system events (from watchers or a save) to the model's files and config. */
  async applyChanges(changes: readonly FileChange[]): Promise<void> {
    let configTouched = false;
    for (const { absPath, deleted } of changes) {
      if (CONFIG_FILE_NAMES.includes(basename(absPath)) || absPath === this.configPath) {
        configTouched = true;
        continue;
      }
      if (!this.contains(absPath) || this.neverLoaded(absPath)) continue;
      // A kustomization, or a file one reads, changed on disk: render again.
      if (KUSTOMIZATION_FILE_NAMES.includes(basename(absPath) as never) || this.rendered?.sourceFiles.has(absPath)) this.rendered = undefined;
      if (this.root && this.charts.holds(this.config, this.root, absPath)) this.charts.invalidate();
      this.forget(absPath);
      if (!deleted) await this.readPath(absPath);
    }
    if (configTouched && this.readConfig()) await this.readDisk();
  }

  /** True for the config file in effect (or one that would be found after it is created). */
  isConfigFile(absPath: string): boolean {
    if (absPath === this.configPath) return true;
    if (!CONFIG_FILE_NAMES.includes(basename(absPath))) return false;
    return absPath === this.configPath || (this.root !== undefined && resolve(absPath, '..') === this.root);
  }

  /**
   * Parses changed files, then models and lints them as `analyze()` does for the CLI, reusing what
   * unchanged files contributed; config problems come first. Pure apart from the caches.
   */
  async analyze(): Promise<Diagnostic[]> {
    const inputs = this.inputs();
    // The files of the config's charts are linted through their charts, rendered (charts.ts), not as plain files.
    const root = this.root;
    const inChart = (path: string) => root !== undefined && this.charts.holds(this.config, root, path);
    const charted = root !== undefined && this.charts.dirs(this.config, root).length > 0;
    const files = charted ? inputs.files.filter((f) => !inChart(f.absPath)) : inputs.files;
    const skipped = charted ? inputs.skipped.filter((f) => !inChart(f.absPath)) : inputs.skipped;
    const chartFindings = charted ? this.charts.diagnostics(this.config, root!) : [];
    const current = new Set(files.map((f) => f.absPath));
    for (const absPath of this.parsed.keys()) if (!current.has(absPath)) this.parsed.delete(absPath);
    // Parsing is most of the work on a folder just read: turn the event loop every PARSE_SLICE
    // characters parsed, so that the server answers (shutdown, exit) while a large folder is analysed.
    const documents: ParsedDocument[] = [];
    let parsed = 0;
    for (const file of files) {
      const fresh = this.parsed.get(file.absPath)?.file !== file;
      documents.push(...this.parse(file).documents);
      if (fresh && (parsed += file.text.length) > PARSE_SLICE) {
        parsed = 0;
        await nextTurn();
      }
    }
    const rendered = this.renderedKustomizations();
    if (!rendered) {
      const { diagnostics, model } = analyzeDocuments({ files, documents, skipped, config: this.config, cache: this.program });
      // The documents' files: an unchanged file keeps the parse (and the file object) of its first reading.
      this.program.retainFiles(documents.map((doc) => doc.file));
      this.lastModel = model;
      return [...this.configProblems, ...diagnostics, ...chartFindings];
    }
    // The files the kustomizations read are linted as rendered, in each overlay; the rest as plain manifests.
    const plain = files.filter((f) => !rendered.sourceFiles.has(f.absPath));
    const plainDocuments = documents.filter((d) => !rendered.sourceFiles.has(d.file.absPath));
    const { diagnostics, model } = analyzeDocuments({ files: plain, documents: plainDocuments, skipped, config: this.config, cache: this.program });
    this.program.retainFiles(plainDocuments.map((doc) => doc.file));
    this.lastModel = model;
    const overlays = rendered.projects.map((project) => ({
      name: project.variant ?? project.path,
      diagnostics: analyzeDocuments({ files: project.files, documents: project.documents ?? [], skipped: project.skipped, config: this.config }).diagnostics,
    }));
    const merged = mergeVariants(overlays, 'overlays').map((m) => this.onDisk(m.diagnostic, m.variants[0]!));
    return [...this.configProblems, ...diagnostics, ...merged, ...chartFindings];
  }

  /**
   * The folder's kustomizations, rendered (with kustomize or kubectl on PATH) when the folder has any:
   * the config's `kustomize.overlays`, else every kustomization no other one builds on. Rendered from
   * the files on disk: an edit shows once saved. Undefined when there is none, or no tool to render.
   */
  private renderedKustomizations(): RenderedKustomizations | undefined {
    if (!this.root) return undefined;
    if (this.rendered) return this.rendered.projects.length > 0 ? this.rendered : undefined;
    const dirs = this.config.kustomize?.overlays.length ? this.config.kustomize.overlays.map((dir) => resolve(ignoreBaseOf(this.config, this.root!), dir)) : [this.root];
    const hasAny = [...this.disk.keys()].some((absPath) => KUSTOMIZATION_FILE_NAMES.includes(basename(absPath) as never)) || dirs.some((dir) => kustomizationFileIn(dir, readable));
    if (!hasAny) {
      this.rendered = { projects: [], sourceFiles: new Set() };
      return undefined;
    }
    let command;
    try {
      command = kustomizeCommand(this.config.kustomize?.command, process.env, this.root, this.config.kustomize?.flags);
    } catch (error) {
      this.renderProblem = error instanceof Error ? error.message : String(error);
      this.rendered = { projects: [], sourceFiles: new Set() };
      return undefined;
    }
    this.renderProblem = undefined;
    this.rendered = renderKustomizations(dirs, command, this.root, this.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    return this.rendered.projects.length > 0 ? this.rendered : undefined;
  }

  /**
   * A finding placed in a rendered stream (no source file known) has no file to show it in: it goes on
   * the first line of the overlay's kustomization file, its message naming the kustomization.
   */
  private onDisk(diagnostic: Diagnostic, overlay: string): Diagnostic {
    if (!isRenderedStream(diagnostic.file)) return diagnostic;
    const project = this.rendered?.projects.find((p) => p.variant === overlay);
    const kustomization = project?.files.find((f) => KUSTOMIZATION_FILE_NAMES.includes(basename(f.absPath) as never) && resolve(f.absPath, '..') === resolve(this.root!, overlay));
    if (!kustomization) return diagnostic;
    const firstLine = kustomization.text.indexOf('\n');
    return { ...diagnostic, file: kustomization, span: { start: 0, end: firstLine < 0 ? kustomization.text.length : firstLine } };
  }

  /** What the workspace holds: its files and the sizes of its program's caches (the server's status request). */
  sizes(): { readonly parsedFiles: number } & ProgramSizes {
    return { parsedFiles: this.parsed.size, ...this.program.sizes() };
  }

  /** Reads the config; returns true when the set of files to load changed (ignore, maxFileSize). */
  private readConfig(): boolean {
    const before = fileSetKey(this.config);
    const chosen = this.settings.configPath;
    this.configPath = this.root ? (chosen ? resolve(this.root, chosen) : findConfigFile(this.root)) : undefined;
    if (!this.configPath || !this.root) {
      this.fileConfig = DEFAULT_CONFIG;
      this.configProblems = [];
    } else {
      const text = this.open.get(this.configPath);
      const result =
        text === undefined
          ? loadConfigFile(this.configPath, this.root)
          : withPathChecks(parseConfig({ path: displayPath(this.root, this.configPath), absPath: this.configPath, text }));
      this.configProblems = result.problems;
      // While the config has mistakes (often: half typed), keep the last valid one rather than
      // flooding the workspace with findings of rules the user turned off.
      if (result.problems.length === 0) this.fileConfig = result.config;
    }
    this.config = applyEditorSettings(this.fileConfig, this.settings);
    return fileSetKey(this.config) !== before;
  }

  private loadOptions(): LoadOptions {
    const cwd = this.root ?? '/';
    return { cwd, ignore: this.config.ignore, ignoreBase: ignoreBaseOf(this.config, cwd), ...(this.config.maxFileSize ? { maxFileSize: this.config.maxFileSize } : {}) };
  }

  private async readDisk(onProgress?: (files: number) => void): Promise<void> {
    this.rendered = undefined;
    this.charts.invalidate();
    this.disk.clear();
    this.skipped.clear();
    this.truncated = undefined;
    if (this.root) await this.readPath(this.root, onProgress);
  }

  /**
   * Loads a file, or a directory's manifests, as `loadSources` does, keeping manifests only. A
   * directory is walked asynchronously within the folder limits and its files read in batches, so
   * that the server keeps answering (and notices its client leave) while a large folder loads.
   */
  private async readPath(absPath: string, onProgress?: (files: number) => void): Promise<void> {
    const options = this.loadOptions();
    let paths = [absPath];
    const stats = await stat(absPath).catch(() => undefined);
    if (stats && !stats.isFile() && !stats.isDirectory()) {
      // A named pipe would be read until a writer closes it: never, in a workspace.
      if (MANIFEST_EXTENSION.test(absPath)) this.skipped.set(absPath, { path: displayPath(options.cwd, absPath), absPath, reason: NOT_A_FILE });
      return;
    }
    if (stats?.isDirectory()) {
      const walk = await walkFolder(absPath, { isIgnored: ignoreMatcher(options.ignore ?? [], options.ignoreBase ?? options.cwd), limits: this.limits, ...(onProgress ? { onProgress } : {}) });
      for (const entry of walk.skipped) this.skipped.set(entry.absPath, { ...entry, path: displayPath(options.cwd, entry.absPath) });
      if (walk.truncated) this.truncated = walk.truncated;
      paths = walk.files;
    }
    for (let i = 0; i < paths.length; i += READ_BATCH) {
      const result = await loadSources(paths.slice(i, i + READ_BATCH), options);
      for (const file of result.files) {
        if (MANIFEST_EXTENSION.test(file.absPath) && !CONFIG_FILE_NAMES.includes(basename(file.absPath)) && file.absPath !== this.configPath) this.disk.set(file.absPath, file);
      }
      for (const entry of result.skipped) this.skipped.set(resolve(this.root ?? '/', entry.path), entry);
      await nextTurn();
    }
  }

  private forget(absPath: string): void {
    const inside = absPath + sep;
    for (const map of [this.disk, this.skipped]) {
      for (const key of map.keys()) if (key === absPath || key.startsWith(inside)) map.delete(key);
    }
  }

  private neverLoaded(absPath: string): boolean {
    return relative(this.root!, absPath).split(sep).some((segment) => IGNORED_DIRS.has(segment));
  }

  /**
   * The inputs of the model: disk, with open documents in their place (and unsaved new ones added).
   * An open document passes the checks a file read from disk passes, so that an unrendered Helm
   * template is one `skipped-file` finding in the editor too, not a page of YAML syntax errors.
   */
  private inputs(): { files: SourceFile[]; skipped: SkippedFile[] } {
    const files = new Map(this.disk);
    const skipped = new Map(this.skipped);
    for (const [absPath, text] of this.open) {
      if (CONFIG_FILE_NAMES.includes(basename(absPath)) || absPath === this.configPath) continue;
      if (this.root && (!this.contains(absPath) || this.neverLoaded(absPath) || this.isIgnored(absPath))) continue;
      files.delete(absPath);
      skipped.delete(absPath);
      const entry = this.checkOpen(absPath, text);
      if ('reason' in entry) skipped.set(absPath, entry);
      else files.set(absPath, entry);
    }
    const byPath = (a: { path: string }, b: { path: string }) => compareStrings(a.path, b.path);
    return { files: [...files.values()].sort(byPath), skipped: [...skipped.values()].sort(byPath) };
  }

  private checkOpen(absPath: string, text: string): SourceFile | SkippedFile {
    const maxSize = this.config.maxFileSize;
    const cached = this.checked.get(absPath);
    if (cached?.text === text && cached.maxSize === maxSize) return cached.entry;
    const entry = sourceFromText(this.root ? displayPath(this.root, absPath) : absPath, absPath, text, maxSize);
    this.checked.set(absPath, { text, maxSize, entry });
    return entry;
  }

  /** The config's `ignore` globs, matched as `loadSources` matches them. */
  private isIgnored(absPath: string): boolean {
    return ignoreMatcher(this.config.ignore, ignoreBaseOf(this.config, this.root ?? '/'))(absPath);
  }

  private parse(file: SourceFile): Parsed {
    const cached = this.parsed.get(file.absPath);
    if (cached && cached.file.text === file.text && cached.file.path === file.path) return cached;
    const entry = { file, documents: parseSources([file], this.program.spans) };
    this.parsed.set(file.absPath, entry);
    return entry;
  }
}

function fileSetKey(config: Config): string {
  return JSON.stringify([config.ignore, config.source?.file.absPath ?? null, config.maxFileSize ?? null]);
}

/** Reads a file for finding a kustomization file, as the renderer does. */
function readable(absPath: string): SourceFile | undefined {
  try {
    return { path: absPath, absPath, text: readFileSync(absPath, 'utf8') };
  } catch {
    return undefined;
  }
}
