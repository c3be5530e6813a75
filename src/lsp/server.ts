import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type FileSystemWatcher,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { CONFIG_FILE_NAMES } from '../source/config-files.ts';
import type { Diagnostic } from '../lint/types.ts';
import type { Model } from '../model/types.ts';
import { VERSION } from '../app/version.ts';
import { rules } from '../../rules/index.ts';
import { MANIFEST_EXTENSION } from '../source/load.ts';
import { toCodeAction, toLspDiagnostic, type ConvertContext } from './convert.ts';
import { applyContentChanges, chooseEncoding, rangesTouch, type PositionEncoding } from './positions.ts';
import { EXPLAIN_REQUEST, explainRequest, REACH_HTML_REQUEST, reachHtmlRequest, RequestProblem, WORKLOADS_REQUEST, workloadItems, type ExplainParams, type WorkspaceParams } from './requests.ts';
import { NO_SETTINGS, parseEditorSettings, type EditorSettings } from './settings.ts';
import { Workspace, type FileChange } from './workspace.ts';

/**
 * How long to wait after a didChange before analysing (initialization option `debounceMs`). None by
 * default: an analysis takes tens of milliseconds, and changes that arrive while one runs are applied
 * together before the next (see `schedule`), so a fast typist does not queue up analyses.
 */
const DEFAULT_DEBOUNCE_MS = 0;
const MANIFEST_LANGUAGES = new Set(['yaml', 'json', 'jsonc']);
const RULE_IDS = new Set(rules.map((r) => r.meta.id));
const CONFIG_GLOB = `{${CONFIG_FILE_NAMES.join(',')}}`;
/** The settings section the server reads from `workspace/didChangeConfiguration`. */
const SETTINGS_SECTION = 'kube-netlint';

/** A finding as the client sees it, with the fix it may carry and how to name its files. */
interface Finding {
  readonly lsp: LspDiagnostic;
  readonly source: Diagnostic;
  readonly context: ConvertContext;
}

/**
 * Serves diagnostics and quick fixes over `connection`. The workspace is one model per folder,
 * updated on every document and file event and re-analysed as a whole (unchanged files keep their
 * parse); every file whose findings changed is re-published, including with an empty list.
 * Diagnostics are pushed, unless the client declares pull support (LSP 3.17): never both.
 */
export function startLanguageServer(connection: Connection): void {
  let encoding: PositionEncoding = 'utf-16';
  let pull = false;
  let refreshSupport = false;
  let watchSupport = false;
  let relativeWatchSupport = false;
  /** Directories above the folders whose config file names are watched already. */
  const watchedConfigDirs = new Set<string>();
  let foldersSupport = false;
  let progressSupport = false;
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let settings: EditorSettings = NO_SETTINGS;
  let configurationSupport = false;
  let roots: Workspace[] = [];
  const loose = new Workspace(undefined);
  const open = new Map<string, { uri: string; text: string; version: number; owner: Workspace }>();
  /** The version of each open document whose text the model holds: the one its diagnostics are for. */
  const modelVersions = new Map<string, number>();
  /** Opened documents to push diagnostics for at the next analysis even when they are unchanged (clean). */
  const announce = new Set<string>();
  const findingsByWorkspace = new Map<Workspace, Map<string, Finding[]>>();
  let findings = new Map<string, Finding[]>();
  const sent = new Map<string, string>();
  const resultIds = new Map<string, string>();
  let resultCounter = 0;
  const dirty = new Set<Workspace>();
  let cancelRun = () => {};
  let queue: Promise<void> = Promise.resolve();

  /** Runs model updates and analyses one at a time, in the order events arrived. */
  const enqueue = (work: () => Promise<void> | void): Promise<void> => {
    queue = queue.then(work).catch((error) => connection.console.error(`kube-netlint: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    return queue;
  };
  /**
   * Analyses the dirty workspaces after `delayMs`, or with 0 on the next turn of the event loop. The
   * analysis is synchronous, so messages that arrive during it wait in the stream; the connection then
   * handles them one per turn, each one's update cancelling and re-arming this run, so a burst of
   * changes is analysed once, after its last update.
   */
  const schedule = (workspace: Workspace, delayMs = 0) => {
    dirty.add(workspace);
    cancelRun();
    const run = () => {
      cancelRun = () => {};
      void enqueue(publish);
    };
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      cancelRun = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(run);
      cancelRun = () => clearImmediate(immediate);
    }
  };
  /** Results as of every event received so far (no debounce wait). */
  const settled = (): Promise<void> => {
    cancelRun();
    return enqueue(publish);
  };

  const uriOf = (absPath: string) => open.get(absPath)?.uri ?? pathToFileURL(absPath).href;
  const workspaceOf = (absPath: string) =>
    roots.filter((w) => w.contains(absPath)).sort((a, b) => b.root!.length - a.root!.length)[0] ?? loose;

  async function analyseInto(workspace: Workspace): Promise<void> {
    const root = workspace.root ?? '/';
    // Skipped files carry their display path only; it is relative to the workspace folder.
    const pathOf = (file: { absPath: string }) => resolve(root, file.absPath);
    const context: ConvertContext = { encoding, ruleIds: RULE_IDS, uriOf: (file) => uriOf(pathOf(file)) };
    const byFile = new Map<string, Finding[]>();
    for (const diagnostic of await workspace.analyze()) {
      const absPath = pathOf(diagnostic.file);
      let list = byFile.get(absPath);
      if (!list) byFile.set(absPath, (list = []));
      list.push({ lsp: toLspDiagnostic(diagnostic, context), source: diagnostic, context });
    }
    findingsByWorkspace.set(workspace, byFile);
  }

  /** Re-analyses the changed workspaces and sends what changed, file by file. */
  async function publish(): Promise<void> {
    if (dirty.size === 0) return;
    // Taken now: a workspace changed while this analysis yields is marked again, for the next run.
    const todo = [...dirty];
    dirty.clear();
    for (const workspace of todo) {
      try {
        await analyseInto(workspace);
      } catch (error) {
        connection.console.error(`kube-netlint: analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    const next = new Map<string, Finding[]>();
    for (const byFile of findingsByWorkspace.values()) {
      for (const [absPath, list] of byFile) next.set(absPath, [...(next.get(absPath) ?? []), ...list]);
    }
    const changed: string[] = [];
    for (const absPath of new Set([...sent.keys(), ...next.keys()])) {
      const text = JSON.stringify((next.get(absPath) ?? []).map((f) => f.lsp));
      if (text === (sent.get(absPath) ?? '[]')) continue;
      changed.push(absPath);
      if (next.has(absPath)) sent.set(absPath, text);
      else sent.delete(absPath);
    }
    findings = next;
    if (!pull) {
      // An opened document gets its diagnostics, an empty list when clean: clients wait for them.
      for (const absPath of announce) if (!changed.includes(absPath)) changed.push(absPath);
    }
    announce.clear();
    if (pull) {
      for (const absPath of changed) resultIds.set(absPath, String(++resultCounter));
      if (changed.length > 0 && refreshSupport) void connection.languages.diagnostics.refresh().catch(() => undefined);
    } else {
      for (const absPath of changed) {
        const version = modelVersions.get(absPath);
        const diagnostics = (next.get(absPath) ?? []).map((f) => f.lsp);
        void connection.sendDiagnostics({ uri: uriOf(absPath), ...(version !== undefined ? { version } : {}), diagnostics });
      }
    }
  }

  /** Documents and events about config files concern every folder whose config they may be. */
  const ownersOf = (absPath: string): Workspace[] => {
    if (!CONFIG_FILE_NAMES.includes(basename(absPath))) return [workspaceOf(absPath)];
    const owners = roots.filter((w) => w.isConfigFile(absPath));
    return owners.length > 0 ? owners : [workspaceOf(absPath)];
  };

  /** Gives the model the editor's text of a document (`undefined`: closed), then schedules the analysis. */
  const setOpen = (absPath: string, text: string | undefined, version: number | undefined, delayMs = 0) => {
    // A pending run waits for this update rather than analyse the text it replaces.
    cancelRun();
    void enqueue(() => {
      if (version === undefined) modelVersions.delete(absPath);
      else modelVersions.set(absPath, version);
    });
    for (const workspace of ownersOf(absPath)) {
      void enqueue(async () => {
        try {
          await workspace.setOpen(absPath, text);
        } finally {
          schedule(workspace, delayMs);
        }
      });
    }
  };

  const watchFiles = (watchers: FileSystemWatcher[]) => {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
  };
  /**
   * Watchers for the config file names in every directory above the folders not watched yet: the config
   * may be found there (`findConfigFile` looks upward), and a client reports only files inside the
   * folders unless given a pattern relative to another base (LSP 3.17 RelativePattern).
   */
  const configWatchers = (): FileSystemWatcher[] => {
    if (!relativeWatchSupport) return [];
    const watchers: FileSystemWatcher[] = [];
    for (const { root } of roots) {
      for (let dir = dirname(root!); !watchedConfigDirs.has(dir); dir = dirname(dir)) {
        watchedConfigDirs.add(dir);
        watchers.push({ globPattern: { baseUri: pathToFileURL(dir).href, pattern: CONFIG_GLOB } });
        if (dirname(dir) === dir) break;
      }
    }
    return watchers;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    encoding = chooseEncoding(capabilities.general?.positionEncodings);
    pull = capabilities.textDocument?.diagnostic !== undefined;
    refreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
    watchSupport = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    relativeWatchSupport = capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    foldersSupport = capabilities.workspace?.workspaceFolders === true;
    progressSupport = capabilities.window?.workDoneProgress === true;
    const options = params.initializationOptions as { debounceMs?: unknown; settings?: unknown } | null | undefined;
    const requested = options?.debounceMs;
    if (typeof requested === 'number' && requested >= 0) debounceMs = requested;
    configurationSupport = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    settings = readSettings(options?.settings);
    void loose.setSettings(settings, false);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [pathToFileURL(params.rootPath).href] : []);
    roots = folders.flatMap((uri) => {
      const path = toPath(uri);
      return path ? [newWorkspace(path)] : [];
    });
    return {
      capabilities: {
        positionEncoding: encoding,
        // Incremental: ranged changes are applied (in the negotiated position encoding); a change
        // without a range, which a client may still send, replaces the text.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...(pull ? { diagnosticProvider: { identifier: 'kube-netlint', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kube-netlint', version: VERSION },
    };
  });

  /**
   * Reads a folder in the background (initialize has been answered already), with progress when the
   * client shows it, and says so when the folder was too large to read in full (FOLDER_LIMITS).
   */
  const loadFolder = async (workspace: Workspace): Promise<void> => {
    const progress = progressSupport
      ? await Promise.race([connection.window.createWorkDoneProgress().catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000))])
      : undefined;
    progress?.begin('kube-netlint', undefined, `reading ${workspace.root}`);
    try {
      await workspace.reload((files) => progress?.report(`${files} manifests found`));
    } finally {
      progress?.done();
    }
    if (workspace.truncated) {
      connection.console.warn(`kube-netlint: ${workspace.truncated}`);
      // A notification, not showMessageRequest: nothing waits for the user to dismiss it.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `kube-netlint: ${workspace.truncated}` });
    }
  };

  connection.onInitialized(() => {
    for (const workspace of roots) {
      void enqueue(async () => {
        await loadFolder(workspace);
        schedule(workspace);
      });
    }
    if (configurationSupport) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    if (watchSupport) watchFiles([{ globPattern: '**/*.{yaml,yml,json}' }, ...configWatchers()]);
    if (foldersSupport) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        void enqueue(async () => {
          const removed = new Set(event.removed.map((f) => toPath(f.uri)));
          for (const workspace of roots.filter((w) => removed.has(w.root))) findingsByWorkspace.delete(workspace);
          roots = roots.filter((w) => !removed.has(w.root));
          for (const folder of event.added) {
            const path = toPath(folder.uri);
            if (!path) continue;
            const workspace = newWorkspace(path);
            roots.push(workspace);
            await loadFolder(workspace);
            schedule(workspace);
          }
          const above = configWatchers();
          if (watchSupport && above.length > 0) watchFiles(above);
          // Open documents follow their (new) folder.
          for (const [absPath, document] of open) {
            const owner = workspaceOf(absPath);
            if (owner === document.owner) continue;
            await document.owner.setOpen(absPath, undefined);
            schedule(document.owner);
            document.owner = owner;
            await owner.setOpen(absPath, document.text);
            schedule(owner);
          }
          schedule(loose);
        });
      });
    }
  });

  /** The problems last shown: clients send the same settings again (VS Code at start and on registration). */
  let shownProblems = '[]';
  /** Settings from the editor; problems go to the user (once), the usable values still apply. */
  function readSettings(raw: unknown): EditorSettings {
    const { settings: read, problems } = parseEditorSettings(raw, RULE_IDS);
    if (JSON.stringify(problems) !== shownProblems) {
      for (const problem of problems) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `kube-netlint: ${problem}` });
    }
    shownProblems = JSON.stringify(problems);
    return read;
  }

  function newWorkspace(root: string): Workspace {
    const workspace = new Workspace(root);
    void workspace.setSettings(settings, false);
    return workspace;
  }

  // The `kube-netlint` section of the client's settings (VS Code sends it on every change).
  connection.onDidChangeConfiguration(({ settings: all }) => {
    const section = (all as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (section === undefined) return;
    const next = readSettings(section);
    if (JSON.stringify(next) === JSON.stringify(settings)) return;
    settings = next;
    cancelRun();
    for (const workspace of [...roots, loose]) {
      void enqueue(async () => {
        try {
          await workspace.setSettings(settings, true);
        } finally {
          schedule(workspace);
        }
      });
    }
  });

  /** The workspace folder holding `uri` (a folder or a file), else the first folder. */
  const workspaceFor = (uri: unknown): Workspace => {
    const absPath = typeof uri === 'string' ? toPath(uri) : undefined;
    const found = absPath ? roots.find((w) => w.root === absPath) ?? workspaceOf(absPath) : undefined;
    return found && found !== loose ? found : (roots[0] ?? loose);
  };
  /** Answers a request from the model of the workspace as of every event received so far. */
  const answer = <P extends WorkspaceParams, R>(method: string, handler: (model: Model, params: P) => R) => {
    connection.onRequest(method, async (params: P | null | undefined) => {
      await settled();
      const model = await workspaceFor(params?.uri).model();
      try {
        return handler(model, params ?? ({} as P));
      } catch (error) {
        if (error instanceof RequestProblem) return new ResponseError(ErrorCodes.InvalidParams, error.message);
        throw error;
      }
    });
  };
  answer<WorkspaceParams, unknown>(WORKLOADS_REQUEST, (model) => ({ workloads: workloadItems(model) }));
  answer<ExplainParams, unknown>(EXPLAIN_REQUEST, (model, params) => explainRequest(model, params));
  answer<WorkspaceParams, unknown>(REACH_HTML_REQUEST, (model) => reachHtmlRequest(model));

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const absPath = toPath(textDocument.uri);
    if (!absPath || !(MANIFEST_EXTENSION.test(absPath) || MANIFEST_LANGUAGES.has(textDocument.languageId))) return;
    open.set(absPath, { uri: textDocument.uri, text: textDocument.text, version: textDocument.version, owner: workspaceOf(absPath) });
    // In the queue: a run that is already queued analyses the text before this one.
    void enqueue(() => void announce.add(absPath));
    setOpen(absPath, textDocument.text, textDocument.version);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const absPath = toPath(textDocument.uri);
    const document = absPath ? open.get(absPath) : undefined;
    if (!absPath || !document) return;
    document.text = applyContentChanges(document.text, contentChanges, encoding);
    document.version = textDocument.version;
    setOpen(absPath, document.text, textDocument.version, debounceMs);
  });

  connection.onDidSaveTextDocument(({ textDocument }) => {
    const absPath = toPath(textDocument.uri);
    // An open document's text already stands in for the disk; a saved config is re-read all the same.
    const document = absPath ? open.get(absPath) : undefined;
    if (!absPath || !document) return;
    setOpen(absPath, document.text, document.version);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const absPath = toPath(textDocument.uri);
    if (!absPath || !open.has(absPath)) return;
    open.delete(absPath);
    setOpen(absPath, undefined, undefined);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const byWorkspace = new Map<Workspace, FileChange[]>();
    for (const change of changes) {
      const absPath = toPath(change.uri);
      if (!absPath) continue;
      const targets = CONFIG_FILE_NAMES.includes(basename(absPath)) ? roots : ownersOf(absPath).filter((w) => w !== loose);
      for (const workspace of targets) {
        const list = byWorkspace.get(workspace) ?? [];
        list.push({ absPath, deleted: change.type === FileChangeType.Deleted });
        byWorkspace.set(workspace, list);
      }
    }
    if (byWorkspace.size > 0) cancelRun();
    for (const [workspace, list] of byWorkspace) {
      void enqueue(async () => {
        try {
          await workspace.applyChanges(list);
        } finally {
          schedule(workspace);
        }
      });
    }
  });

  connection.languages.diagnostics.on(async ({ textDocument, previousResultId }) => {
    await settled();
    const absPath = toPath(textDocument.uri);
    const resultId = (absPath && resultIds.get(absPath)) || '0';
    if (previousResultId === resultId) return { kind: 'unchanged', resultId };
    return { kind: 'full', resultId, items: absPath ? (findings.get(absPath) ?? []).map((f) => f.lsp) : [] };
  });

  connection.languages.diagnostics.onWorkspace(async ({ previousResultIds }) => {
    await settled();
    const previous = new Map<string, string>();
    for (const { uri, value } of previousResultIds) {
      const absPath = toPath(uri);
      if (absPath) previous.set(absPath, value);
    }
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const absPath of new Set([...findings.keys(), ...previous.keys()])) {
      const uri = uriOf(absPath);
      const resultId = resultIds.get(absPath) ?? '0';
      const version = modelVersions.get(absPath) ?? null;
      if (previous.get(absPath) === resultId) items.push({ kind: 'unchanged', uri, version, resultId });
      else items.push({ kind: 'full', uri, version, resultId, items: (findings.get(absPath) ?? []).map((f) => f.lsp) });
    }
    return { items };
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    if (context.only && !context.only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`))) return [];
    await settled();
    const absPath = toPath(textDocument.uri);
    const actions: CodeAction[] = [];
    for (const finding of (absPath && findings.get(absPath)) || []) {
      if (finding.source.fix && rangesTouch(finding.lsp.range, range)) actions.push(toCodeAction(finding.source.fix, finding.lsp, finding.context));
    }
    return actions;
  });
}

/** The file-system path of a `file:` URI; other schemes (untitled, git) are not on disk and not analysed. */
function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
