import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';
import { exportedDeployment } from './support/exported-state.ts';

/**
 * Golden output of `reach` in every format and of `explain`, produced by the built CLI on
 * test/golden/reach/tree (which has its own .kube-netlint.yaml naming the ingress controller's
 * namespace, and a workload whose name no API server would accept, to prove escaping).
 * Regenerate: UPDATE_GOLDEN=1 (then read the diff: these files are the expected answers).
 */
const golden = new URL('./golden/reach/', import.meta.url).pathname;
const tree = `${golden}tree`;
const update = process.env.UPDATE_GOLDEN === '1';

const cases: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: 'reach.txt', args: ['reach'] },
  { name: 'reach.json', args: ['reach', '--format', 'json'] },
  { name: 'reach.csv', args: ['reach', '--format', 'csv'] },
  { name: 'reach.md', args: ['reach', '--format', 'md'] },
  { name: 'reach.dot', args: ['reach', '--format', 'dot'] },
  { name: 'reach.mmd', args: ['reach', '--format', 'mermaid'] },
  { name: 'reach.html', args: ['reach', '--format', 'html'] },
  { name: 'reach-filtered.txt', args: ['reach', '--from', 'shop/tier in (front,back)', '--to', 'data/', '--to', '192.168.1.0/24', '--port', '5432'] },
  { name: 'explain-allowed.txt', args: ['explain', 'shop/api', 'data/db[StatefulSet]', '--port', '5432'] },
  { name: 'explain-denied.txt', args: ['explain', 'shop/app=web', 'data/db', '--port', '5432'] },
  { name: 'explain-any.txt', args: ['explain', '{ingress-controller}', 'shop/'] },
  { name: 'explain.json', args: ['explain', '192.168.3.4', 'data/db', '--port', '5432', '--format', 'json'] },
];

describe('reach and explain golden output', () => {
  for (const { name, args } of cases) {
    it(`when kube-netlint ${args.join(' ')} runs on the fixture tree, then the output is test/golden/reach/${name}`, () => {
      const result = runBuiltCli(args, { cwd: tree });
      assert.equal(result.stderr, '');
      assert.equal(result.code, 0);
      if (update) writeFileSync(`${golden}${name}`, result.stdout);
      assert.equal(result.stdout, readFileSync(`${golden}${name}`, 'utf8'));
    });
  }
});

describe('reach command line', () => {
  it('when the JSON contract is read back, then nodes and edges are sorted, edges reference nodes, and none is a self or range-to-range edge', () => {
    const result = runBuiltCli(['reach', '--format', 'json'], { cwd: tree });
    const json = JSON.parse(result.stdout) as { version: number; nodes: { id: string; type: string }[]; edges: { from: string; to: string; conn: unknown }[] };
    assert.equal(json.version, 1);
    const index = new Map(json.nodes.map((n, i) => [n.id, i]));
    const types = json.nodes.map((n) => n.type);
    assert.deepEqual(types, [...types].sort((a, b) => ['ingress-controller', 'workload', 'external'].indexOf(a) - ['ingress-controller', 'workload', 'external'].indexOf(b)));
    let previous = [-1, -1];
    for (const edge of json.edges) {
      const pair = [index.get(edge.from)!, index.get(edge.to)!];
      assert.ok(pair[0]! >= 0 && pair[1]! >= 0 && pair[0] !== pair[1]);
      assert.ok(pair[0]! > previous[0]! || (pair[0] === previous[0] && pair[1]! > previous[1]!), `unsorted at ${edge.from} -> ${edge.to}`);
      assert.ok(!(json.nodes[pair[0]!]!.type === 'external' && json.nodes[pair[1]!]!.type === 'external'));
      previous = pair;
    }
  });

  it('when the HTML report is written, then it is self-contained and no name appears unescaped', () => {
    const html = runBuiltCli(['reach', '--format', 'html'], { cwd: tree }).stdout;
    assert.doesNotMatch(html, /<(link|img|iframe)\b/i);
    assert.doesNotMatch(html, /\b(src|href)=/i);
    // Two scripts, both the page's own: its data (JSON with <, > and & escaped) and its code.
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="application/json" id="reach-data">', '<script>']);
    const data = html.slice(html.indexOf('id="reach-data">') + 16, html.indexOf('</script>'));
    assert.doesNotMatch(data, /[<>&]/);
    assert.ok((JSON.parse(data) as { nodes: { id: string }[] }).nodes.some((n) => n.id === 'data/odd<b>&"q"|`x`[Pod]'));
    assert.ok(!html.includes('odd<b>'), 'the raw name must not appear');
    assert.ok(html.includes('odd&#60;b&#62;&#38;&#34;q&#34;|`x`'));
  });

  it('when a graph has more edges than mermaid draws, then reach draws it by namespace and says so, and --full-graph draws every workload', () => {
    // 24 workloads and no policy: 552 connections among them, and each reaches and is reached from any address (600 drawn).
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-graph-'));
    try {
      const deployment = (ns: string, name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
      writeFileSync(join(dir, 'all.yaml'), Array.from({ length: 24 }, (_, i) => deployment(i % 2 ? 'shop' : 'data', `w${i}`)).join('---\n'));
      const grouped = runBuiltCli(['reach', '--format', 'mermaid', '--no-config', 'all.yaml'], { cwd: dir });
      assert.equal(grouped.code, 0, grouped.stderr);
      assert.match(grouped.stdout, /^---\ntitle: "25 nodes and 600 connections are more than mermaid draws by default \(500 edges, 50000 characters\), so workloads are grouped by namespace;/);
      // data and shop each reach themselves, each other and the addresses, which reach both.
      assert.equal([...grouped.stdout.matchAll(/ -->\|/g)].length, 8);
      const full = runBuiltCli(['reach', '--format', 'mermaid', '--full-graph', '--no-config', 'all.yaml'], { cwd: dir });
      assert.equal(full.code, 0, full.stderr);
      assert.equal([...full.stdout.matchAll(/ -->\|/g)].length, 600);
      assert.match(full.stdout, /^ {2}n24\(\["\{any address\}"\]\)$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when --format is unknown, then it exits 2 naming the formats', () => {
    const result = runBuiltCli(['reach', '--format', 'yaml'], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown reach format "yaml"; use one of table, json, csv, md, dot, mermaid, html/);
  });

  it('when a selector or port is malformed, then it exits 2 with the reason', () => {
    const selector = runBuiltCli(['reach', '--from', 'shop/tier in (a'], { cwd: tree });
    assert.equal(selector.code, 2);
    assert.match(selector.stderr, /--from "shop\/tier in \(a": cannot read/);
    const port = runBuiltCli(['reach', '--port', '70000'], { cwd: tree });
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port takes a port number from 1 to 65535/);
  });

  it('when a filter matches no node, then it warns on stderr and still prints', () => {
    const result = runBuiltCli(['reach', '--from', 'nowhere/'], { cwd: tree });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /--from "nowhere\/" matches no node/);
    assert.match(result.stdout, /0 allowed connections/);
  });

  it('when asked for help, then it documents the formats, the node syntax and what `UDP *` means', () => {
    const result = runBuiltCli(['reach', '--help'], { cwd: tree });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /table \(default\), json, csv, md, dot, mermaid, html/);
    assert.match(result.stdout, /NS\/SELECTOR/);
    assert.match(result.stdout, /UDP \* means every port of UDP/);
  });

  it('when both --no-config and --config are given, then it exits 2 instead of ignoring --config', () => {
    for (const command of [['reach'], ['explain', 'shop/web', 'data/db'], ['diff', 'shop', 'data'], []]) {
      const result = runBuiltCli([...command, '--no-config', '-c', '.kube-netlint.yaml'], { cwd: tree });
      assert.equal(result.code, 2, command.join(' '));
      assert.match(result.stderr, /--no-config and --config \.kube-netlint\.yaml contradict each other/);
    }
  });

  it('when a file cannot be parsed, then reach warns and maps the rest', () => {
    const result = runBuiltCli(['reach', '-', 'shop', 'policies.yaml'], { cwd: tree, input: 'kind: [unclosed\n' });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /warning: 1 file could not be read in full/);
    assert.match(result.stdout, /shop\/web\[Deployment\]\s+shop\/api\[Deployment\]\s+TCP 9000/);
  });
});

describe('explain command line', () => {
  it('when SRC names nothing, then it exits 2 saying so', () => {
    const result = runBuiltCli(['explain', 'shop/nope', 'data/db'], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /SRC "shop\/nope" names no workload/);
  });
  it('when DST is missing, then it exits 2 with the usage', () => {
    const result = runBuiltCli(['explain', 'shop/web'], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /explain takes a source and a destination/);
  });
  it('when --exit-code is given, then a DENIED answer exits 1 and an ALLOWED one 0; without it, both exit 0', () => {
    assert.equal(runBuiltCli(['explain', 'shop/app=web', 'data/db', '--port', '5432', '--exit-code'], { cwd: tree }).code, 1);
    assert.equal(runBuiltCli(['explain', 'shop/api', 'data/db', '--port', '5432', '--exit-code'], { cwd: tree }).code, 0);
    assert.equal(runBuiltCli(['explain', 'shop/app=web', 'data/db', '--port', '5432'], { cwd: tree }).code, 0);
  });
  it('when --port names a container port of DST, then it is resolved there and the answer names it', () => {
    const named = runBuiltCli(['explain', 'shop/api', 'data/db', '--port', 'pg'], { cwd: tree });
    assert.equal(named.stderr, '');
    assert.match(named.stdout, /^shop\/api\[Deployment\] -> data\/db\[StatefulSet\], TCP 5432 \(port "pg"\): ALLOWED$/m);
    const numbered = runBuiltCli(['explain', 'shop/api', 'data/db', '--port', '5432'], { cwd: tree });
    assert.equal(named.stdout.split('\n').slice(1).join('\n'), numbered.stdout.split('\n').slice(1).join('\n'));
    const json = JSON.parse(runBuiltCli(['explain', 'shop/api', 'data/db', '--port', 'pg', '-f', 'json'], { cwd: tree }).stdout) as { results: { query: unknown }[] };
    assert.deepEqual(json.results[0]!.query, { port: 5432, protocol: 'TCP', portName: 'pg' });
  });
  it('when --port names a container port of some destinations only, then those are explained and a note names the others', () => {
    const result = runBuiltCli(['explain', 'shop/api', '*/', '--port', 'pg'], { cwd: tree });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /data\/db\[StatefulSet\]/);
    assert.match(result.stderr, /^kube-netlint: note: --port "pg" is not a TCP container port of .*, which explain leaves out$/m);
  });

  it('when --port names no container port of DST or is no port name, then it exits 2 saying so', () => {
    const missing = runBuiltCli(['explain', 'shop/api', 'data/db', '--port', 'http'], { cwd: tree });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--port "http" is not a TCP container port of data\/db\[StatefulSet\]/);
    const udp = runBuiltCli(['explain', 'shop/api', 'data/db', '--port', 'pg', '--protocol', 'UDP'], { cwd: tree });
    assert.equal(udp.code, 2);
    const malformed = runBuiltCli(['explain', 'shop/api', 'data/db', '--port', 'Not_A_Port'], { cwd: tree });
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /--port takes a port number from 1 to 65535 or a container port name, not "Not_A_Port"/);
  });
  it('when DST names a pod that is not in the manifests by labels, then its policies are still evaluated', () => {
    const result = runBuiltCli(['explain', 'shop/api', 'kube-system/k8s-app=kube-dns', '--port', '53', '--protocol', 'udp'], { cwd: tree });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^shop\/api\[Deployment\] -> kube-system\/\{k8s-app=kube-dns\} \(a pod not in the manifests\), UDP 53: DENIED/);
    assert.match(result.stdout, /no egress rule of these policies admits kube-system/);
  });
});

describe('a reach node whose exported Pod carries a label a policy selects, through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-canary-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: shop}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: curl}]}\n';
  // Only the canary Pod is isolated: it admits nothing.
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: canary, namespace: shop}\nspec:\n  podSelector: {matchLabels: {track: canary}}\n  ingress: []\n';
  writeFileSync(join(dir, 'app.yaml'), `${exportedDeployment({ secondPodLabels: ', track: canary' })}---\n${client}`);
  writeFileSync(join(dir, 'policy.yaml'), policy);
  const assertion = (name: string, to: string, expect: string) => `  - {name: ${name}, from: {workload: client}, to: ${to}, port: 8080, expect: ${expect}}\n`;
  writeFileSync(
    join(dir, '.kube-netlint.yaml'),
    `assertions:\n${assertion('client reaches web', '{workload: web}', 'allow')}${assertion('client never reaches web', '{workload: web}', 'deny')}${assertion('client never reaches the canary', '{labels: {track: canary}}', 'deny')}${assertion('client reaches the ReplicaSet', '{workload: ReplicaSet/web-5d8}', 'allow')}${assertion('client never reaches the canary Pod', '{workload: Pod/web-5d8-b}', 'deny')}${assertion('client reaches the ReplicaSet by name', '{workload: web-5d8}', 'allow')}`,
  );
  // The same Pods without their ReplicaSet and Deployment (an export of Pods only).
  const podsOnly = mkdtempSync(join(tmpdir(), 'kube-netlint-pods-only-'));
  after(() => rmSync(podsOnly, { recursive: true, force: true }));
  writeFileSync(join(podsOnly, 'app.yaml'), `${exportedDeployment({ secondPodLabels: ', track: canary' }).split('---\n').slice(2).join('---\n')}---\n${client}`);
  writeFileSync(join(podsOnly, 'policy.yaml'), policy);
  const arrows = (stdout: string) => stdout.split('\n').filter((line) => line.includes(' -> '));

  it('when reach, explain and assertions run, then the matrix joins the members and explain and assertions judge each member it joins', () => {
    const reach = JSON.parse(runBuiltCli(['reach', '--format', 'json', '--from', 'shop/client', '--to', 'shop/web'], { cwd: dir }).stdout) as { edges: { from: string; to: string; conn: unknown }[] };
    assert.deepEqual(reach.edges, [{ from: 'shop/client[Deployment]', to: 'shop/web[Deployment]', conn: 'all' }]);

    const explain = runBuiltCli(['explain', 'shop/client', 'shop/web', '--port', '8080'], { cwd: dir });
    assert.equal(explain.stderr, '');
    assert.equal(
      explain.stdout,
      [
        'shop/client[Deployment] -> shop/web[Deployment] (Deployment "web"), TCP 8080: ALLOWED',
        '  egress of shop/client[Deployment]: allowed (not isolated: no NetworkPolicy selects it for Egress)',
        '  ingress of shop/web[Deployment] (Deployment "web"): allowed (not isolated: no NetworkPolicy selects it for Ingress)',
        '  allowed between them: all',
        '',
        'shop/client[Deployment] -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"), TCP 8080: DENIED',
        '  egress of shop/client[Deployment]: allowed (not isolated: no NetworkPolicy selects it for Egress)',
        '  ingress of shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"): denied',
        '    isolated by: shop/canary (policy.yaml:3)',
        '    no ingress rule of these policies admits shop/client[Deployment]',
        '  allowed between them: none',
        '',
      ].join('\n'),
    );
    // The way back: both members are alike toward the client, so one explanation names the node.
    assert.match(runBuiltCli(['explain', 'shop/web', 'shop/client', '--port', '8080'], { cwd: dir }).stdout, /^shop\/web\[Deployment\] -> shop\/client\[Deployment\], TCP 8080: ALLOWED\n(?:  .*\n)+$/);

    const lint = runBuiltCli(['--format', 'json', 'app.yaml', 'policy.yaml'], { cwd: dir });
    const results = (JSON.parse(lint.stdout) as { assertions: { name: string; status: string; detail: string }[] }).assertions;
    assert.deepEqual(
      results.map((r) => [r.name, r.status]),
      [
        ['client reaches web', 'fail'],
        ['client never reaches web', 'fail'],
        ['client never reaches the canary', 'pass'],
        // The ReplicaSet, by Kind/name or name, owns the canary Pod; the Pod is named by its own kind.
        ['client reaches the ReplicaSet', 'fail'],
        ['client never reaches the canary Pod', 'pass'],
        ['client reaches the ReplicaSet by name', 'fail'],
      ],
    );
    assert.match(results[3]!.detail, /^shop\/client\[Deployment\] may not reach shop\/web\[Deployment\] \(Pod "web-5d8-b" of Deployment "web"\)/);
    assert.match(results[0]!.detail, /^shop\/client\[Deployment\] may not reach shop\/web\[Deployment\] \(Pod "web-5d8-b" of Deployment "web"\) on TCP 8080: .*NetworkPolicy "canary"/);
    assert.match(results[1]!.detail, /^shop\/client\[Deployment\] may reach shop\/web\[Deployment\] \(Deployment "web"\) on TCP 8080/);
  });

  it('when reach filters by the canary label, then it prints the whole node and notes that its cells join members the filter does not name; explain judges the canary alone', () => {
    const reach = runBuiltCli(['reach', '--from', 'shop/client', '--to', 'shop/track=canary'], { cwd: dir });
    assert.equal(reach.code, 0);
    assert.match(reach.stdout, /^shop\/client\[Deployment\]\s+shop\/web\[Deployment\]\s+all$/m);
    assert.equal(
      reach.stderr,
      'kube-netlint: note: --to "shop/track=canary" names only some members of shop/web[Deployment]; reach shows the whole node, whose cells also join what Deployment "web" allows (explain judges the members named)\n',
    );
    assert.deepEqual(arrows(runBuiltCli(['explain', 'shop/client', 'shop/track=canary'], { cwd: dir }).stdout), ['shop/client[Deployment] -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"), any connection: DENIED']);
    // A filter naming every member, or every member policies tell apart, leaves nothing to note.
    assert.equal(runBuiltCli(['reach', '--to', 'shop/web', '--from', 'shop/pod-template-hash=5d8'], { cwd: dir }).stderr, '');
    const help = runBuiltCli(['reach', '--help'], { cwd: dir }).stdout;
    assert.match(help, /reach and diff keep whole nodes: a node matches when any member does, and its cells\njoin what every member allows/);
  });

  it('when explain names a ReplicaSet or a Pod by name or [Kind], then it judges that member and the Pods it owns', () => {
    const explain = (dst: string) => arrows(runBuiltCli(['explain', 'shop/client', dst, '--port', '8080'], { cwd: dir }).stdout);
    const replicaSet = [
      'shop/client[Deployment] -> shop/web[Deployment] (ReplicaSet "web-5d8" of Deployment "web"), TCP 8080: ALLOWED',
      'shop/client[Deployment] -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"), TCP 8080: DENIED',
    ];
    assert.deepEqual(explain('shop/web-5d8'), replicaSet);
    assert.deepEqual(explain('shop/web-5d8[ReplicaSet]'), replicaSet);
    assert.deepEqual(explain('shop/web-5d8-b[Pod]'), ['shop/client[Deployment] -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"), TCP 8080: DENIED']);
    const wrongKind = runBuiltCli(['explain', 'shop/client', 'shop/web-5d8-b[Deployment]'], { cwd: dir });
    assert.equal(wrongKind.code, 2);
    assert.match(wrongKind.stderr, /DST "shop\/web-5d8-b\[Deployment\]" names no workload/);
  });

  it('when SRC and DST are two Pods of one node, then explain explains them; the same Pod twice exits 2', () => {
    const pods = runBuiltCli(['explain', 'shop/web-5d8-a', 'shop/track=canary', '--exit-code'], { cwd: dir });
    assert.equal(pods.stderr, '');
    assert.equal(pods.code, 1);
    assert.deepEqual(arrows(pods.stdout), ['shop/web[Deployment] (Pod "web-5d8-a" of Deployment "web") -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"), any connection: DENIED']);
    const same = runBuiltCli(['explain', 'shop/web-5d8-b', 'shop/track=canary'], { cwd: dir });
    assert.equal(same.code, 2);
    assert.match(same.stderr, /SRC and DST name the same node/);
  });

  it('when explain writes JSON, then from and to join with reach JSON node ids and the member is a field of its own', () => {
    const nodes = (JSON.parse(runBuiltCli(['reach', '--format', 'json'], { cwd: dir }).stdout) as { nodes: { id: string }[] }).nodes.map((n) => n.id);
    const json = JSON.parse(runBuiltCli(['explain', 'shop/client', 'shop/web', '--port', '8080', '-f', 'json'], { cwd: dir }).stdout) as { results: Record<string, unknown>[] };
    assert.deepEqual(
      json.results.map(({ from, fromMember, to, toMember, allowed }) => ({ from, fromMember, to, toMember, allowed })),
      [
        { from: 'shop/client[Deployment]', fromMember: undefined, to: 'shop/web[Deployment]', toMember: 'Deployment "web"', allowed: true },
        { from: 'shop/client[Deployment]', fromMember: undefined, to: 'shop/web[Deployment]', toMember: 'Pod "web-5d8-b" of Deployment "web"', allowed: false },
      ],
    );
    for (const result of json.results) assert.ok(nodes.includes(result.from as string) && nodes.includes(result.to as string) && !('fromMember' in result));
  });

  it('when the tree has the Pods but not their ReplicaSet, then members are named after the ReplicaSet, in explain and in findings', () => {
    assert.deepEqual(arrows(runBuiltCli(['explain', 'shop/client', 'shop/web-5d8', '--port', '8080'], { cwd: podsOnly }).stdout), [
      'shop/client[Deployment] -> shop/web-5d8[ReplicaSet] (Pod "web-5d8-a" of ReplicaSet "web-5d8"), TCP 8080: ALLOWED',
      'shop/client[Deployment] -> shop/web-5d8[ReplicaSet] (Pod "web-5d8-b" of ReplicaSet "web-5d8"), TCP 8080: DENIED',
    ]);
    const lint = runBuiltCli(['--no-config', '--format', 'compact', 'app.yaml', 'policy.yaml'], { cwd: podsOnly });
    assert.match(lint.stdout, /Info - ReplicaSet "web-5d8" is only partly isolated for ingress: NetworkPolicies select Pod "web-5d8-b" but not Pod "web-5d8-a",/);
  });

  it('when SRC names only the Pod heading a node whose ReplicaSet the tree lacks, then text and JSON name that Pod, as they name any other member', () => {
    const pods = runBuiltCli(['explain', 'shop/web-5d8-a', 'shop/track=canary', '--no-config'], { cwd: podsOnly });
    assert.equal(pods.code, 0);
    assert.deepEqual(arrows(pods.stdout), ['shop/web-5d8[ReplicaSet] (Pod "web-5d8-a" of ReplicaSet "web-5d8") -> shop/web-5d8[ReplicaSet] (Pod "web-5d8-b" of ReplicaSet "web-5d8"), any connection: DENIED']);
    const json = JSON.parse(runBuiltCli(['explain', 'shop/web-5d8-a', 'shop/client', '--no-config', '-f', 'json'], { cwd: podsOnly }).stdout) as { results: Record<string, unknown>[] };
    assert.deepEqual(json.results.map(({ from, fromMember }) => ({ from, fromMember })), [{ from: 'shop/web-5d8[ReplicaSet]', fromMember: 'Pod "web-5d8-a" of ReplicaSet "web-5d8"' }]);
    // The node named whole is not narrowed, so no member is named.
    assert.deepEqual(arrows(runBuiltCli(['explain', 'shop/web-5d8', 'shop/client', '--no-config'], { cwd: podsOnly }).stdout), ['shop/web-5d8[ReplicaSet] -> shop/client[Deployment], any connection: ALLOWED']);
  });

  it('when a node query is empty or blank, then explain and reach exit 2 instead of naming every workload', () => {
    for (const args of [['explain', '', 'shop/client'], ['explain', 'shop/client', ' '], ['reach', '--from', ''], ['reach', '--to', '  ']]) {
      const result = runBuiltCli(args, { cwd: dir });
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /(SRC|DST|--from|--to) " *": is empty/);
    }
  });

  it('when explain names `external`, then it explains every external node reach lists for `--from external`', () => {
    const reach = JSON.parse(runBuiltCli(['reach', '--from', 'external', '--format', 'json'], { cwd: dir }).stdout) as { nodes: { id: string; type: string }[] };
    const external = reach.nodes.filter((n) => n.type === 'external').map((n) => n.id);
    assert.deepEqual(external, ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
    const explain = runBuiltCli(['explain', 'external', 'shop/client', '--port', '80'], { cwd: dir });
    assert.equal(explain.code, 0, explain.stderr);
    assert.deepEqual(arrows(explain.stdout), external.map((id) => `${id} -> shop/client[Deployment], TCP 80: ALLOWED`));
    assert.match(runBuiltCli(['explain', '--help'], { cwd: dir }).stdout, /^ {2}external {13}every external address range$/m);
  });
});

describe('explain --port NAME on a node whose members declare different ports, through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-member-ports-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: shop}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: curl}]}\n';
  // Only the canary Pod declares `metrics`, and it lacks `http`; a policy isolates it.
  const web = exportedDeployment({ container: '{name: main, image: x, ports: [{name: http, containerPort: 8080}]}', secondPodLabels: ', track: canary' })
    .split('---\n')
    .map((doc) => (doc.includes('web-5d8-b') ? doc.replace('{name: http, containerPort: 8080}', '{name: metrics, containerPort: 9090}') : doc))
    .join('---\n');
  writeFileSync(join(dir, 'app.yaml'), `${web}---\n${client}`);
  writeFileSync(join(dir, 'policy.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: canary, namespace: shop}\nspec:\n  podSelector: {matchLabels: {track: canary}}\n  ingress: []\n');
  const arrows = (stdout: string) => stdout.split('\n').filter((line) => line.includes(' -> '));

  it('when only a member other than the head declares the port, then explain judges that member and notes the members left out', () => {
    const result = runBuiltCli(['explain', 'shop/client', 'shop/web', '--port', 'metrics'], { cwd: dir });
    assert.equal(result.code, 0);
    assert.deepEqual(arrows(result.stdout), ['shop/client[Deployment] -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"), TCP 9090 (port "metrics"): DENIED']);
    assert.equal(result.stderr, 'kube-netlint: note: --port "metrics" is not a TCP container port of shop/web[Deployment] (Deployment "web"), which explain leaves out\n');
  });

  it('when the head declares the port and a member does not, then the note names that member instead of leaving it out silently', () => {
    const result = runBuiltCli(['explain', 'shop/client', 'shop/web', '--port', 'http'], { cwd: dir });
    assert.equal(result.code, 0);
    assert.deepEqual(arrows(result.stdout), ['shop/client[Deployment] -> shop/web[Deployment] (Deployment "web"), TCP 8080 (port "http"): ALLOWED']);
    assert.equal(result.stderr, 'kube-netlint: note: --port "http" is not a TCP container port of shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"), which explain leaves out\n');
  });

  it('when no member declares the port, then explain exits 2 naming the destination', () => {
    const result = runBuiltCli(['explain', 'shop/client', 'shop/web', '--port', 'grpc'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /--port "grpc" is not a TCP container port of shop\/web\[Deployment\]$/m);
  });
});
