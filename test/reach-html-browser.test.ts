import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChromiumPage } from './support/chromium.ts';
import { runBuiltCli } from './support/built-cli.ts';

/**
 * The `reach --format html` page in a real headless Chromium (Debian's package): the filters, the
 * search and the explanation of a clicked cell work, offline, and names that try to be markup or
 * script (`</script>`, quotes, an <img onerror>, bidi overrides, a newline) are shown as text and
 * never run. One browser for the whole file, to keep it quick.
 */
const SCRIPT_NAME = 'x</script><script>window.__pwned=1</script>';
const IMG_LABEL = '"><img src=x onerror=window.__pwned=2>';
const BIDI_NAME = 'evil\u202eexe\nline2';
const POLICY_NAME = "only-api'\"<script>window.__pwned=3</script>";

const deployment = (namespace: string, name: string, labels: Record<string, string>) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${JSON.stringify(name)}, namespace: ${JSON.stringify(namespace)}}
spec:
  selector: {matchLabels: ${JSON.stringify(labels)}}
  template:
    metadata: {labels: ${JSON.stringify(labels)}}
    spec: {containers: [{name: c, image: i, ports: [{containerPort: 5432}]}]}
`;

const tree = [
  deployment('shop', 'web', { app: 'web' }),
  deployment('shop', 'api', { app: 'api' }),
  deployment('data', 'db', { app: 'db' }),
  deployment('data', SCRIPT_NAME, { app: 'odd', note: IMG_LABEL }),
  deployment('<b>"q"', BIDI_NAME, { app: 'bidi' }),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${JSON.stringify(POLICY_NAME)}, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432}]}]
`,
].join('---\n');

describe('reach --format html in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-html-'));
  let page: ChromiumPage;
  let ids: string[];
  const at = (id: string) => {
    const i = ids.indexOf(id);
    assert.ok(i >= 0, `no node ${id} in ${ids.join(', ')}`);
    return i;
  };
  /** The ids of the heatmap rows and table rows the page shows (rendered: not hidden by a filter). */
  const visible = () =>
    page.evaluate<{ rows: string[]; edges: [number, number][] }>(`(() => {
      const shown = (el) => el.getClientRects().length > 0;
      const nodes = JSON.parse(document.getElementById('reach-data').textContent).nodes;
      return {
        rows: Array.from(document.querySelectorAll('table.heatmap tr[data-i]')).filter(shown).map((r) => nodes[+r.dataset.i].id),
        edges: Array.from(document.querySelectorAll('table.edges tr[data-from]')).filter(shown).map((r) => [+r.dataset.from, +r.dataset.to]),
      };
    })()`);

  before(async () => {
    writeFileSync(join(dir, 'tree.yaml'), tree);
    const result = runBuiltCli(['reach', '--format', 'html', '-o', 'reach.html', '--no-config', 'tree.yaml'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    page = await ChromiumPage.open(`file://${join(dir, 'reach.html')}`);
    ids = await page.evaluate<string[]>(`JSON.parse(document.getElementById('reach-data').textContent).nodes.map((n) => n.id)`);
  });
  after(async () => {
    await page?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the page loads, then its script runs without error, no name runs as script or markup, and every name is shown as visible text', async () => {
    assert.deepEqual(page.exceptions, []);
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.equal(await page.evaluate('document.querySelectorAll("img, iframe, script[src], link").length'), 0);
    assert.equal(await page.evaluate('document.scripts.length'), 2);
    const rowHeads = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('table.heatmap tr[data-i] th')).map((th) => th.textContent)`);
    assert.ok(rowHeads.includes(`data/${SCRIPT_NAME}[Deployment]`), rowHeads.join('\n'));
    // The bidi override and the newline are written as escapes, not obeyed.
    assert.ok(rowHeads.includes('<b>"q"/evil\\u202eexe\\nline2[Deployment]'), rowHeads.join('\n'));
    const options = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('#filter-namespace option')).map((o) => o.textContent)`);
    assert.deepEqual(options, ['all', '<b>"q"', 'data', 'shop']);
    // Offline: the page names no other resource.
    assert.doesNotMatch(readFileSync(join(dir, 'reach.html'), 'utf8'), /\b(src|href)=/);
  });

  it('when a namespace is chosen, then only its workloads and the nodes outside namespaces stay, and only connections among them', async () => {
    await page.choose('#filter-namespace', 'shop');
    const { rows, edges } = await visible();
    assert.deepEqual(rows.filter((id) => !/^\d|^:/.test(id)), ['shop/api[Deployment]', 'shop/web[Deployment]']);
    assert.ok(rows.some((id) => id.startsWith('0.0.0.0-')), 'address ranges stay');
    assert.ok(edges.length > 0);
    for (const [from, to] of edges) for (const id of [ids[from]!, ids[to]!]) assert.ok(!id.includes('/') || id.startsWith('shop/'), id);
    assert.match(await page.evaluate<string>(`document.getElementById('filter-count').textContent`), new RegExp(`^${edges.length} of \\d+ connections shown$`));
    await page.choose('#filter-namespace', 'all');
  });

  it('when a workload is chosen, then it and the nodes it connects with stay, and only its own connections', async () => {
    await page.choose('#filter-workload', 'data/db[Deployment]');
    const { rows, edges } = await visible();
    // Only shop/api may reach db (on 5432); db itself may reach anything.
    assert.ok(rows.includes('data/db[Deployment]') && rows.includes('shop/api[Deployment]'));
    assert.ok(edges.length > 0);
    for (const [from, to] of edges) assert.ok(from === at('data/db[Deployment]') || to === at('data/db[Deployment]'));
    assert.ok(edges.some(([from, to]) => from === at('shop/api[Deployment]') && to === at('data/db[Deployment]')));
    assert.ok(!edges.some(([from]) => from === at('shop/web[Deployment]')), 'web may not reach db');
    await page.choose('#filter-workload', 'all');
  });

  it('when text is searched, then only connections of the nodes whose name contains it stay, the hostile name matched as plain text', async () => {
    await page.type('#filter-search', '</script>');
    const { rows, edges } = await visible();
    const odd = at(`data/${SCRIPT_NAME}[Deployment]`);
    assert.ok(rows.includes(ids[odd]!));
    assert.ok(edges.length > 0);
    for (const [from, to] of edges) assert.ok(from === odd || to === odd);
    await page.evaluate(`(() => { const s = document.getElementById('filter-search'); s.value = ''; s.dispatchEvent(new Event('input')); })()`);
    assert.equal((await visible()).rows.length, ids.length);
  });

  it('when a cell is clicked, then the explanation of that pair is shown, as kube-netlint explain prints it, names and policy as text', async () => {
    const web = at('shop/web[Deployment]');
    const db = at('data/db[Deployment]');
    await page.click(`table.heatmap tr[data-i="${web}"] td:nth-of-type(${db + 1})`);
    const shown = await page.evaluate<{ title: string; text: string }>(`({ title: document.getElementById('explanation-title').textContent, text: document.getElementById('explanation-text').textContent })`);
    assert.equal(shown.title, 'shop/web[Deployment] \u2192 data/db[Deployment]');
    const cli = runBuiltCli(['explain', '--no-config', '--', 'shop/web[Deployment]', 'data/db[Deployment]', 'tree.yaml'], { cwd: dir });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(shown.text, cli.stdout);
    assert.match(shown.text, /DENIED/);
    assert.ok(shown.text.includes(`isolated by: data/${POLICY_NAME} (tree.yaml:`), shown.text);
    // A pair with the hostile workload: its name in the title and the text, as text.
    await page.click(`table.heatmap tr[data-i="${at(`data/${SCRIPT_NAME}[Deployment]`)}"] td:nth-of-type(${web + 1})`);
    const odd = await page.evaluate<{ title: string; text: string }>(`({ title: document.getElementById('explanation-title').textContent, text: document.getElementById('explanation-text').textContent })`);
    assert.equal(odd.title, `data/${SCRIPT_NAME}[Deployment] \u2192 shop/web[Deployment]`);
    assert.ok(odd.text.startsWith(`data/${SCRIPT_NAME}[Deployment] -> shop/web[Deployment], any connection: ALLOWED`), odd.text);
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.deepEqual(page.exceptions, []);
  });
});
