import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  type FileSystemWatcher,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { CONFIG_FILE_NAMES } from '../source/config-files.ts';
import type { Model } from '../model/types.ts';
import { VERSION } from '../app/version.ts';
import { rules } from '../../rules/index.ts';
import { MANIFEST_EXTENSION } from '../source/load.ts';
import { toCodeAction } from './convert.ts';
import { DocumentStore, toPath } from './documents.ts';
import { Folders } from './folders.ts';
import { chooseEncoding, rangesTouch, type PositionEncoding } from './positions.ts';
import { findingsByFile, Publisher } from './publisher.ts';
import { EXPLAIN_REQUEST, explainRequest, REACH_HTML_REQUEST, reachHtmlRequest, RequestProblem, STATUS_REQUEST, WORKLOADS_REQUEST, workloadItems, type ExplainParams, type WorkspaceParams } from './requests.ts';
import { Scheduler } from './scheduler.ts';
import { NO_SETTINGS, parseEditorSettings, type EditorSettings } from './settings.ts';
import type { FileChange, Workspace } from './workspace.ts';

/**
 * How long to wait after a didChange before analysing (initialization option `debounceMs`). None by
 * default: an analysis takes tens of milliseconds, and changes that arrive while one runs are applied
 * together before the next (see `Scheduler`), so a fast typist does not queue up analyses.
 */
const DEFAULT_DEBOUNCE_MS = 0;
const MANIFEST_LANGUAGES = new Set(['yaml', 'json', 'jsonc']);
const RULE_IDS = new Set(rules.map((r) => r.meta.id));
const CONFIG_GLOB = `{${CONFIG_FILE_NAMES.join(',')}}`;
/** The settings section the server reads from `workspace/didChangeConfiguration`. */
const SETTINGS_SECTION = 'kube-netlint';

/** What the client declared it supports (initialize). */
interface ClientSupport {
  watch: boolean;
  relativeWatch: boolean;
  folders: boolean;
  progress: boolean;
  configuration: boolean;
}

/**
 * Serves diagnostics and quick fixes over `connection`. The workspace is one model per folder,
 * updated on every document and file event and re-analysed as a whole (unchanged files keep their
 * parse); every file whose findings changed is re-published, including with an empty list.
 * Diagnostics are pushed, unless the client declares pull support (LSP 3.17): never both.
 *
 * This module holds the handlers: each LSP message becomes an update of the open documents
 * (`DocumentStore`), of the workspaces (`Folders`, `Workspace`), queued and followed by an analysis
 * (`Scheduler`), whose findings `Publisher` sends.
 */
export function startLanguageServer(connection: Connection): void {
  let encoding: PositionEncoding = 'utf-16';
  const support: ClientSupport = { watch: false, relativeWatch: false, folders: false, progress: false, configuration: false };
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let settings: EditorSettings = NO_SETTINGS;
  const folders = new Folders();
  const documents = new DocumentStore<Workspace>();
  /** Directories above the folders whose config file names are watched already. */
  const watchedConfigDirs = new Set<string>();
  const logError = (what: string) => (error: unknown) => connection.console.error(`kube-netlint: ${what}${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  const publisher = new Publisher<Workspace>({
    push: (absPath, diagnostics) => {
      const version = documents.modelVersion(absPath);
      void connection.sendDiagnostics({ uri: documents.uriOf(absPath), ...(version !== undefined ? { version } : {}), diagnostics });
    },
    refresh: () => void connection.languages.diagnostics.refresh().catch(() => undefined),
  });

  const toldRenderProblem = new WeakSet<Workspace>();
  const toldChartProblem = new WeakMap<Workspace, string>();
  /** Tells the client once about a workspace's kustomizations or charts that cannot be rendered (no tool, a broken chart). */
  const tellRenderProblems = (workspace: Workspace): void => {
    if (workspace.renderProblem && !toldRenderProblem.has(workspace)) {
      // Once per workspace: its kustomizations are linted as plain files until a tool is installed.
      toldRenderProblem.add(workspace);
      connection.console.warn(`kube-netlint: ${workspace.renderProblem}`);
    }
    const chartProblem = workspace.charts.problem;
    if (chartProblem && toldChartProblem.get(workspace) !== chartProblem) {
      // Once per problem: the workspace's charts are left out until helm is there (or the chart is).
      toldChartProblem.set(workspace, chartProblem);
      connection.console.warn(`kube-netlint: ${chartProblem}`);
    }
  };

  /** Re-analyses the changed workspaces and sends what changed, file by file. */
  const analyse = async (dirty: readonly Workspace[]): Promise<void> => {
    for (const workspace of dirty) {
      try {
        const diagnostics = await workspace.analyze();
        tellRenderProblems(workspace);
        publisher.update(workspace, findingsByFile(diagnostics, workspace.root ?? '/', { encoding, ruleIds: RULE_IDS }, (absPath) => documents.uriOf(absPath)));
      } catch (error) {
        logError('analysis failed: ')(error);
      }
    }
    publisher.publish();
  };
  const scheduler = new Scheduler<Workspace>(analyse, logError(''));

  /** Gives the model the editor's text of a document (`undefined`: closed), then schedules the analysis. */
  const setOpen = (absPath: string, text: string | undefined, version: number | undefined, delayMs = 0) => {
    // A pending run waits for this update rather than analyse the text it replaces.
    scheduler.cancel();
    void scheduler.enqueue(() => documents.setModelVersion(absPath, version));
    for (const workspace of folders.ownersOf(absPath)) {
      void scheduler.enqueue(async () => {
        try {
          await workspace.setOpen(absPath, text);
        } finally {
          scheduler.schedule(workspace, delayMs);
        }
      });
    }
  };
  /** Applies an update to each of `workspaces` in the queue, then schedules its analysis (even when the update failed). */
  const updateEach = (workspaces: Iterable<Workspace>, update: (workspace: Workspace) => Promise<void>) => {
    for (const workspace of workspaces) {
      void scheduler.enqueue(async () => {
        try {
          await update(workspace);
        } finally {
          scheduler.schedule(workspace);
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
    if (!support.relativeWatch) return [];
    const watchers: FileSystemWatcher[] = [];
    for (const { root } of folders.roots) {
      for (let dir = dirname(root!); !watchedConfigDirs.has(dir); dir = dirname(dir)) {
        watchedConfigDirs.add(dir);
        watchers.push({ globPattern: { baseUri: pathToFileURL(dir).href, pattern: CONFIG_GLOB } });
        if (dirname(dir) === dir) break;
      }
    }
    return watchers;
  };

  /** The problems last shown: clients send the same settings again (VS Code at start and on registration). */
  let shownProblems = '[]';
  /** Settings from the editor; problems go to the user (once), the usable values still apply. */
  const readSettings = (raw: unknown): EditorSettings => {
    const { settings: read, problems } = parseEditorSettings(raw, RULE_IDS);
    if (JSON.stringify(problems) !== shownProblems) {
      for (const problem of problems) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `kube-netlint: ${problem}` });
    }
    shownProblems = JSON.stringify(problems);
    return read;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    encoding = chooseEncoding(capabilities.general?.positionEncodings);
    const pull = capabilities.textDocument?.diagnostic !== undefined;
    publisher.configure({ pull, refreshSupport: capabilities.workspace?.diagnostics?.refreshSupport === true });
    support.watch = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    support.relativeWatch = capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    support.folders = capabilities.workspace?.workspaceFolders === true;
    support.progress = capabilities.window?.workDoneProgress === true;
    const options = params.initializationOptions as { debounceMs?: unknown; settings?: unknown } | null | undefined;
    const requested = options?.debounceMs;
    if (typeof requested === 'number' && requested >= 0) debounceMs = requested;
    support.configuration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    settings = readSettings(options?.settings);
    void folders.loose.setSettings(settings, false);
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [pathToFileURL(params.rootPath).href] : []);
    for (const uri of uris) {
      const path = toPath(uri);
      if (path) folders.add(path, settings);
    }
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
    const progress = support.progress
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
    for (const workspace of folders.roots) {
      void scheduler.enqueue(async () => {
        await loadFolder(workspace);
        scheduler.schedule(workspace);
      });
    }
    if (support.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    if (support.watch) watchFiles([{ globPattern: '**/*.{yaml,yml,json}' }, ...configWatchers()]);
    if (support.folders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        void scheduler.enqueue(async () => {
          // A removed folder's workspace, its program and its findings go.
          for (const workspace of folders.remove(new Set(event.removed.map((f) => toPath(f.uri))))) publisher.forget(workspace);
          for (const folder of event.added) {
            const path = toPath(folder.uri);
            if (!path) continue;
            const workspace = folders.add(path, settings);
            await loadFolder(workspace);
            scheduler.schedule(workspace);
          }
          const above = configWatchers();
          if (support.watch && above.length > 0) watchFiles(above);
          // Open documents follow their (new) folder.
          for (const [absPath, document] of documents.entries()) {
            const owner = folders.workspaceOf(absPath);
            if (owner === document.owner) continue;
            await document.owner.setOpen(absPath, undefined);
            scheduler.schedule(document.owner);
            document.owner = owner;
            await owner.setOpen(absPath, document.text);
            scheduler.schedule(owner);
          }
          scheduler.schedule(folders.loose);
        });
      });
    }
  });

  // The `kube-netlint` section of the client's settings (VS Code sends it on every change).
  connection.onDidChangeConfiguration(({ settings: all }) => {
    const section = (all as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (section === undefined) return;
    const next = readSettings(section);
    if (JSON.stringify(next) === JSON.stringify(settings)) return;
    settings = next;
    scheduler.cancel();
    updateEach(folders.all(), (workspace) => workspace.setSettings(settings, true));
  });

  /** Answers a request from the model of the workspace as of every event received so far. */
  const answer = <P extends WorkspaceParams, R>(method: string, handler: (model: Model, params: P) => R) => {
    connection.onRequest(method, async (params: P | null | undefined) => {
      await scheduler.settled();
      const uri = params?.uri;
      const model = await folders.workspaceFor(typeof uri === 'string' ? toPath(uri) : undefined).model();
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
  // What the server holds: its open documents and, per workspace, the files and caches of its program.
  connection.onRequest(STATUS_REQUEST, async () => {
    await scheduler.settled();
    return { openDocuments: documents.size, workspaces: folders.all().map((w) => ({ root: w.root ?? null, ...w.sizes() })) };
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const absPath = toPath(textDocument.uri);
    if (!absPath || !(MANIFEST_EXTENSION.test(absPath) || MANIFEST_LANGUAGES.has(textDocument.languageId))) return;
    documents.opened(absPath, { uri: textDocument.uri, text: textDocument.text, version: textDocument.version, owner: folders.workspaceOf(absPath) });
    // In the queue: a run that is already queued analyses the text before this one.
    void scheduler.enqueue(() => publisher.announce(absPath));
    setOpen(absPath, textDocument.text, textDocument.version);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const absPath = toPath(textDocument.uri);
    const document = absPath ? documents.changed(absPath, contentChanges, textDocument.version, encoding) : undefined;
    if (!absPath || !document) return;
    setOpen(absPath, document.text, textDocument.version, debounceMs);
  });

  connection.onDidSaveTextDocument(({ textDocument }) => {
    const absPath = toPath(textDocument.uri);
    // An open document's text already stands in for the disk; a saved config is re-read all the same.
    const document = absPath ? documents.get(absPath) : undefined;
    if (!absPath || !document) return;
    setOpen(absPath, document.text, document.version);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const absPath = toPath(textDocument.uri);
    if (!absPath || !documents.closed(absPath)) return;
    setOpen(absPath, undefined, undefined);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const byWorkspace = new Map<Workspace, FileChange[]>();
    for (const change of changes) {
      const absPath = toPath(change.uri);
      if (!absPath) continue;
      const targets = CONFIG_FILE_NAMES.includes(basename(absPath)) ? folders.roots : folders.ownersOf(absPath).filter((w) => w !== folders.loose);
      for (const workspace of targets) {
        const list = byWorkspace.get(workspace) ?? [];
        list.push({ absPath, deleted: change.type === FileChangeType.Deleted });
        byWorkspace.set(workspace, list);
      }
    }
    if (byWorkspace.size > 0) scheduler.cancel();
    updateEach(byWorkspace.keys(), (workspace) => workspace.applyChanges(byWorkspace.get(workspace)!));
  });

  connection.languages.diagnostics.on(async ({ textDocument, previousResultId }) => {
    await scheduler.settled();
    const absPath = toPath(textDocument.uri);
    const resultId = absPath ? publisher.resultIdOf(absPath) : '0';
    if (previousResultId === resultId) return { kind: 'unchanged', resultId };
    return { kind: 'full', resultId, items: absPath ? publisher.findingsOf(absPath).map((f) => f.lsp) : [] };
  });

  connection.languages.diagnostics.onWorkspace(async ({ previousResultIds }) => {
    await scheduler.settled();
    const previous = new Map<string, string>();
    for (const { uri, value } of previousResultIds) {
      const absPath = toPath(uri);
      if (absPath) previous.set(absPath, value);
    }
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const absPath of new Set([...publisher.files(), ...previous.keys()])) {
      const uri = documents.uriOf(absPath);
      const resultId = publisher.resultIdOf(absPath);
      const version = documents.modelVersion(absPath) ?? null;
      if (previous.get(absPath) === resultId) items.push({ kind: 'unchanged', uri, version, resultId });
      else items.push({ kind: 'full', uri, version, resultId, items: publisher.findingsOf(absPath).map((f) => f.lsp) });
    }
    return { items };
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    if (context.only && !context.only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`))) return [];
    await scheduler.settled();
    const absPath = toPath(textDocument.uri);
    const actions: CodeAction[] = [];
    for (const finding of absPath ? publisher.findingsOf(absPath) : []) {
      if (finding.source.fix && rangesTouch(finding.lsp.range, range)) actions.push(toCodeAction(finding.source.fix, finding.lsp, finding.context));
    }
    return actions;
  });
}
