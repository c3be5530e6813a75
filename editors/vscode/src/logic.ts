// The extension's logic, apart from the `vscode` module so that it runs (and is tested) outside VS Code:
// extension.ts hands it the few VS Code calls it needs as plain functions.

/** The language server's custom requests (src/lsp/requests.ts in the repository). */
export const WORKLOADS_REQUEST = 'kube-netlint/workloads';
export const EXPLAIN_REQUEST = 'kube-netlint/explain';
export const REACH_HTML_REQUEST = 'kube-netlint/reachHtml';

/** The settings section of the extension (package.json `contributes.configuration`). */
export const SECTION = 'kube-netlint';

/** Reads one setting of the `kube-netlint` section, as `WorkspaceConfiguration.get` does. */
export type SettingReader = (key: string) => unknown;

/** What the server takes as `initializationOptions.settings` and as the didChangeConfiguration section. */
export interface ServerSettings {
  readonly configPath?: string;
  readonly rules?: Record<string, unknown>;
  readonly ingressController?: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The extension's settings as the server reads them. Values of the wrong type are passed on as they
 * are: the server checks them and tells the user what it ignored, in one place for every editor.
 */
export function serverSettings(get: SettingReader): ServerSettings {
  const configPath = get('configPath');
  const rules = get('rules');
  const ingressController = get('ingressController');
  return {
    ...(typeof configPath === 'string' && configPath.trim() !== '' ? { configPath: configPath.trim() } : {}),
    ...(isRecord(rules) && Object.keys(rules).length > 0 ? { rules } : {}),
    ...(isRecord(ingressController) && Object.keys(ingressController).length > 0 ? { ingressController } : {}),
  };
}

/** The language client's `initializationOptions`. */
export function initializationOptions(get: SettingReader): { settings: ServerSettings } {
  return { settings: serverSettings(get) };
}

/** Sends a request to the language server (LanguageClient.sendRequest). */
export type SendRequest = <R>(method: string, params: unknown) => Promise<R>;

export interface PickItem {
  readonly label: string;
  readonly description?: string;
}

/** The VS Code calls the commands make, as plain functions (window.showQuickPick and the like). */
export interface CommandUi {
  /** The workspace folders, by URI and name. */
  readonly folders: () => readonly { readonly uri: string; readonly name: string }[];
  /** A QuickPick; undefined when dismissed. */
  readonly pick: <T extends PickItem>(items: readonly T[], placeHolder: string) => Promise<T | undefined>;
  /** An InputBox; undefined when dismissed. */
  readonly input: (prompt: string, placeHolder: string) => Promise<string | undefined>;
  /** Shows explain's text (an output channel). */
  readonly showText: (title: string, text: string) => void;
  /** Opens a webview with a page. */
  readonly showPage: (title: string, html: string) => void;
  readonly error: (message: string) => void;
}

interface WorkloadItem {
  readonly id: string;
  readonly type: string;
  readonly namespace?: string;
  readonly kind?: string;
}

/** The workspace folder to ask about: the only one, or the one the user picks. Undefined: none, or dismissed. */
async function chooseFolder(ui: CommandUi): Promise<string | undefined> {
  const folders = ui.folders();
  if (folders.length === 0) {
    ui.error('kube-netlint: open a folder with Kubernetes manifests first');
    return undefined;
  }
  if (folders.length === 1) return folders[0]!.uri;
  const picked = await ui.pick(
    folders.map((f) => ({ label: f.name, description: f.uri, uri: f.uri })),
    'workspace folder whose manifests to analyse',
  );
  return picked?.uri;
}

/** A request's failure as the user reads it: the server's message (what to fix). */
const failure = (error: unknown) => `kube-netlint: ${error instanceof Error ? error.message : String(error)}`;

/**
 * "kube-netlint: explain connection": pick the source and the destination among the workload nodes of
 * the folder (and the Ingress controller), optionally a port, then show what `explain` says.
 * Returns the text shown, or undefined when the user dismissed a step or the server refused.
 */
export async function explainConnection(ui: CommandUi, send: SendRequest): Promise<string | undefined> {
  const uri = await chooseFolder(ui);
  if (uri === undefined) return undefined;
  let workloads: readonly WorkloadItem[];
  try {
    ({ workloads } = await send<{ workloads: WorkloadItem[] }>(WORKLOADS_REQUEST, { uri }));
  } catch (error) {
    ui.error(failure(error));
    return undefined;
  }
  if (workloads.every((w) => w.type !== 'workload')) {
    ui.error('kube-netlint: no workloads in the manifests of this folder');
    return undefined;
  }
  const items = workloads.map((w) => ({ label: w.id, description: w.type === 'workload' ? (w.kind ?? '') : w.type === 'gateway' ? "the Gateway's data plane" : 'the Ingress controller', id: w.id, source: w.type !== 'workload' }));
  const from = await ui.pick(items.map(({ source: _, ...item }) => item), 'source: who opens the connection');
  if (!from) return undefined;
  const to = await ui.pick(
    // The Ingress controller and a Gateway's data plane only send: no destination.
    items.filter((item) => item.id !== from.id && !item.source).map(({ source: _, ...item }) => item),
    `destination: whom ${from.id} connects to`,
  );
  if (!to) return undefined;
  const port = await ui.input('port number or container port name of the destination (empty: any connection)', 'e.g. 8080 or http');
  if (port === undefined) return undefined;
  try {
    const result = await send<{ text: string }>(EXPLAIN_REQUEST, { uri, from: from.id, to: to.id, ...(port.trim() !== '' ? { port: port.trim() } : {}) });
    ui.showText(`explain ${from.id} -> ${to.id}`, result.text);
    return result.text;
  } catch (error) {
    ui.error(failure(error));
    return undefined;
  }
}

/**
 * What the webview loads may come from the manifests of a stranger's pull request (label values in the
 * page): whatever the page's own escaping, it may fetch nothing and run no script but its own inline
 * ones (the page is self-contained by design: no network, no files).
 */
export const WEBVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; font-src data:";

/** The page with the policy above as the first element of <head> (without one: right after the doctype, kept first for standards mode). */
export function webviewPage(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${WEBVIEW_CSP}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html) ?? /^\s*<!doctype[^>]*>/i.exec(html);
  if (!head) return `${meta}\n${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n${meta}${html.slice(at)}`;
}

/** "kube-netlint: show reachability graph": the page `reach --format html` writes for the folder, in a webview. */
export async function showReachability(ui: CommandUi, send: SendRequest): Promise<boolean> {
  const uri = await chooseFolder(ui);
  if (uri === undefined) return false;
  try {
    const { html } = await send<{ html: string }>(REACH_HTML_REQUEST, { uri });
    ui.showPage('kube-netlint: reachability', webviewPage(html));
    return true;
  } catch (error) {
    ui.error(failure(error));
    return false;
  }
}
