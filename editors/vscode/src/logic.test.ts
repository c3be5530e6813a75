import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainConnection, initializationOptions, showReachability, WEBVIEW_CSP, webviewPage, type CommandUi, type PickItem, type SendRequest } from './logic.ts';

/** A recording stand-in for the VS Code window API: answers each QuickPick and InputBox from a script. */
function fakeUi(script: { folders?: { uri: string; name: string }[]; picks?: (string | undefined)[]; inputs?: (string | undefined)[] }) {
  const picks = [...(script.picks ?? [])];
  const inputs = [...(script.inputs ?? [])];
  const seen = { pickLists: [] as string[][], placeHolders: [] as string[], texts: [] as [string, string][], pages: [] as [string, string][], errors: [] as string[] };
  const ui: CommandUi = {
    folders: () => script.folders ?? [{ uri: 'file:///work/shop', name: 'shop' }],
    pick: async <T extends PickItem>(items: readonly T[], placeHolder: string) => {
      seen.pickLists.push(items.map((i) => i.label));
      seen.placeHolders.push(placeHolder);
      const label = picks.shift();
      return items.find((i) => i.label === label);
    },
    input: async () => inputs.shift(),
    showText: (title, text) => void seen.texts.push([title, text]),
    showPage: (title, html) => void seen.pages.push([title, html]),
    error: (message) => void seen.errors.push(message),
  };
  return { ui, seen };
}

const workloads = [
  { id: 'data/redis[Deployment]', type: 'workload', namespace: 'data', kind: 'Deployment' },
  { id: 'orders/orders-worker[Deployment]', type: 'workload', namespace: 'orders', kind: 'Deployment' },
  { id: '{ingress-controller}', type: 'ingress-controller' },
  { id: '{gateway:infra/public}', type: 'gateway', namespace: 'infra', name: 'public', kind: 'Gateway' },
];

/** A stand-in server recording the requests it gets; `explain` answers or fails as told. */
function fakeServer(explain: (params: Record<string, unknown>) => unknown = () => ({ text: 'DENIED\n', allowed: [false] })) {
  const requests: [string, unknown][] = [];
  const send: SendRequest = async <R>(method: string, params: unknown) => {
    requests.push([method, params]);
    if (method === 'kube-netlint/workloads') return { workloads } as R;
    if (method === 'kube-netlint/explain') return explain(params as Record<string, unknown>) as R;
    if (method === 'kube-netlint/reachHtml') return { html: '<!doctype html><title>reach</title>' } as R;
    throw new Error(`unexpected ${method}`);
  };
  return { send, requests };
}

describe('settings to the language server', () => {
  it('when settings are set, then they become initializationOptions.settings as the server reads them', () => {
    const values: Record<string, unknown> = { configPath: ' ci/netlint.yaml ', rules: { 'service-exposure': 'error' }, ingressController: { namespace: 'ingress-nginx' } };
    assert.deepEqual(initializationOptions((key) => values[key]), {
      settings: { configPath: 'ci/netlint.yaml', rules: { 'service-exposure': 'error' }, ingressController: { namespace: 'ingress-nginx' } },
    });
  });

  it('when settings keep their defaults (empty string and objects), then no setting is sent', () => {
    const defaults: Record<string, unknown> = { configPath: '', rules: {}, ingressController: {} };
    assert.deepEqual(initializationOptions((key) => defaults[key]), { settings: {} });
  });
});

describe('explain connection command', () => {
  it('when the user picks a source, a destination and a port, then explain is asked for that pair in the folder and its text is shown', async () => {
    const { ui, seen } = fakeUi({ picks: ['orders/orders-worker[Deployment]', 'data/redis[Deployment]'], inputs: [' 6379 '] });
    const server = fakeServer();
    assert.equal(await explainConnection(ui, server.send), 'DENIED\n');
    assert.deepEqual(server.requests, [
      ['kube-netlint/workloads', { uri: 'file:///work/shop' }],
      ['kube-netlint/explain', { uri: 'file:///work/shop', from: 'orders/orders-worker[Deployment]', to: 'data/redis[Deployment]', port: '6379' }],
    ]);
    // The destination list leaves out the source, the ingress controller and the Gateway (they only send).
    assert.deepEqual(seen.pickLists, [workloads.map((w) => w.id), ['data/redis[Deployment]']]);
    assert.deepEqual(seen.texts, [['explain orders/orders-worker[Deployment] -> data/redis[Deployment]', 'DENIED\n']]);
    assert.deepEqual(seen.errors, []);
  });

  it('when the port is left empty, then explain is asked about any connection (no port)', async () => {
    const { ui } = fakeUi({ picks: ['{ingress-controller}', 'data/redis[Deployment]'], inputs: [''] });
    const server = fakeServer();
    await explainConnection(ui, server.send);
    assert.deepEqual(server.requests[1], ['kube-netlint/explain', { uri: 'file:///work/shop', from: '{ingress-controller}', to: 'data/redis[Deployment]' }]);
  });

  it('when the user dismisses a step, then nothing is explained and nothing is shown', async () => {
    for (const script of [{ picks: [undefined] }, { picks: ['data/redis[Deployment]', undefined] }, { picks: ['data/redis[Deployment]', 'orders/orders-worker[Deployment]'], inputs: [undefined] }]) {
      const { ui, seen } = fakeUi(script);
      const server = fakeServer();
      assert.equal(await explainConnection(ui, server.send), undefined);
      assert.deepEqual(server.requests.map(([method]) => method), ['kube-netlint/workloads']);
      assert.deepEqual([seen.texts, seen.errors], [[], []]);
    }
  });

  it('when the server refuses the port, then its message is shown as an error', async () => {
    const { ui, seen } = fakeUi({ picks: ['data/redis[Deployment]', 'orders/orders-worker[Deployment]'], inputs: ['99999'] });
    const server = fakeServer(() => {
      throw new Error('port must be a number from 1 to 65535 or a container port name, not "99999"');
    });
    assert.equal(await explainConnection(ui, server.send), undefined);
    assert.deepEqual(seen.errors, ['kube-netlint: port must be a number from 1 to 65535 or a container port name, not "99999"']);
  });

  it('when there are several workspace folders, then the user picks one first and it is the one asked about', async () => {
    const folders = [
      { uri: 'file:///a', name: 'a' },
      { uri: 'file:///b', name: 'b' },
    ];
    const { ui } = fakeUi({ folders, picks: ['b', 'data/redis[Deployment]', 'orders/orders-worker[Deployment]'], inputs: [''] });
    const server = fakeServer();
    await explainConnection(ui, server.send);
    assert.deepEqual(server.requests.map(([, params]) => (params as { uri: string }).uri), ['file:///b', 'file:///b']);
  });

  it('when no folder is open, then the user is told to open one and nothing is requested', async () => {
    const { ui, seen } = fakeUi({ folders: [] });
    const server = fakeServer();
    assert.equal(await explainConnection(ui, server.send), undefined);
    assert.deepEqual([server.requests, seen.errors], [[], ['kube-netlint: open a folder with Kubernetes manifests first']]);
  });
});

describe('reachability graph command', () => {
  it('when run, then the page of the folder is opened in a webview', async () => {
    const { ui, seen } = fakeUi({});
    const server = fakeServer();
    assert.equal(await showReachability(ui, server.send), true);
    assert.deepEqual(server.requests, [['kube-netlint/reachHtml', { uri: 'file:///work/shop' }]]);
    assert.deepEqual(seen.pages, [['kube-netlint: reachability', `<!doctype html>\n<meta http-equiv="Content-Security-Policy" content="${WEBVIEW_CSP}"><title>reach</title>`]]);
  });

  it('when the page has a head, then the content security policy is its first element, so it applies to everything after', () => {
    assert.equal(
      webviewPage('<!DOCTYPE html>\n<html lang="en">\n<HEAD lang="x">\n<meta charset="utf-8">\n<script>1</script></head>'),
      `<!DOCTYPE html>\n<html lang="en">\n<HEAD lang="x">\n<meta http-equiv="Content-Security-Policy" content="${WEBVIEW_CSP}">\n<meta charset="utf-8">\n<script>1</script></head>`,
    );
    assert.equal(webviewPage('<p>x</p>'), `<meta http-equiv="Content-Security-Policy" content="${WEBVIEW_CSP}">\n<p>x</p>`);
    // Nothing may be fetched (connect, images from the network, frames): default-src 'none' covers them.
    assert.match(WEBVIEW_CSP, /^default-src 'none';/);
    assert.doesNotMatch(WEBVIEW_CSP, /https?:|\*/);
  });
});
