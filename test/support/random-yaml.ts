// Seeded generator of manifest-like YAML for the fast reader's differential tests.

/** Deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN_KEYS = ['name', 'app', 'labels', 'spec', 'x-y', 'a.b/c', 'kubernetes.io/name', 'key with spaces', 'ünï', '__proto__', 'toString', 'on', 'n', 'Null2', '-dash'];
const QUOTED_KEYS = ['"quoted key"', "'single'", '"1"', '""', '"a\\tb"', '"true"'];
const PLAIN_VALUES = [
  'web', 'nginx:1.25', 'http://x.io:80/a#b', '8080', '-1', '+7', '0', '-0', '0o17', '0o8', '0x1F', '0xG', '1.5', '.5', '5.', '1e3', '-1.5E-3', '.inf', '-.Inf', '.NaN', '.nan',
  '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'FALSE', 'yes', 'no', 'on', 'a b  c', 'ünïcödé', '🚀 launch', '--port=80', '-x', 'a:b', 'a#b', '1_000', '2024-01-01', '12:30', '...', '---x', 'x---',
];
const QUOTED_VALUES = ['""', "''", '"with \\"escapes\\" \\n \\t \\\\ \\u00e9 \\x41 \\U0001F600"', "'it''s'", '"#not a comment"', "'a: b'", '"  spaced  "', '"8080"', '"\\/\\_\\N\\L"', "'\\n stays'"];

/** A random YAML stream of manifest-like documents, formatted in the many ways people write them. */
export function randomYaml(rnd: () => number, options: { readonly trivia?: number } = {}): string {
  const triviaChance = options.trivia ?? 0.15;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const chance = (p: number) => rnd() < p;
  const step = pick([1, 2, 2, 2, 3, 4]);
  const lines: string[] = [];
  const trivia = (indent: number) => {
    while (chance(triviaChance)) {
      const at = Math.max(0, indent + Math.floor(rnd() * 7) - 4);
      lines.push(chance(0.4) ? ' '.repeat(chance(0.5) ? 0 : at) : `${' '.repeat(at)}# ${pick(['note', 'x: y', '- item', '---', 'tab\there'])}`);
    }
  };
  const comment = () => (chance(0.15) ? `${' '.repeat(1 + Math.floor(rnd() * 3))}# c` : '');
  const scalar = (): string => (chance(0.7) ? pick(PLAIN_VALUES) : pick(QUOTED_VALUES));
  const flow = (depth: number): string => {
    if (chance(0.5)) {
      const items = Array.from({ length: Math.floor(rnd() * 4) }, () => (depth < 2 && chance(0.2) ? flow(depth + 1) : scalar().replace(/[,[\]{}]/g, '')));
      return `[${items.join(pick([', ', ',', ' , ']))}]`;
    }
    const keys = new Set<string>();
    const pairs = Array.from({ length: Math.floor(rnd() * 4) }, () => {
      let key = pick([...PLAIN_KEYS.slice(0, 8), '"q"', "'s'"]);
      while (keys.has(key)) key += 'x';
      keys.add(key);
      return `${key}${pick([': ', ':  '])}${depth < 2 && chance(0.2) ? flow(depth + 1) : scalar().replace(/[,[\]{}]/g, '')}`;
    });
    return `{${pairs.length ? pick([' ', '']) : ''}${pairs.join(', ')}${pairs.length ? pick([' ', '']) : ''}}`;
  };
  const blockScalar = (indent: number): string[] => {
    const header = `${pick(['|', '>'])}${pick(['', '-', '+'])}${comment()}`;
    const body: string[] = [];
    const inner = indent + pick([1, 2, 4]);
    for (let i = Math.floor(rnd() * 5); i >= 0; i--) {
      const r = rnd();
      if (r < 0.15) body.push('');
      else if (r < 0.25) body.push(' '.repeat(Math.floor(rnd() * (inner + 3))));
      else if (r < 0.4) body.push(`${' '.repeat(inner + 2)}more indented`);
      else body.push(`${' '.repeat(inner)}${pick(['text', 'line: two', '# hash', '- dash', 'x  y', 'tab\tinside', '\ttab first'])}`);
    }
    if (chance(0.3)) body.push('');
    return [header, ...body];
  };
  // A node after `key:` or `- `: returns the rest of that line and pushes following lines.
  const node = (indent: number, depth: number, inSeq: boolean): string => {
    const r = rnd();
    if (depth > 3 || r < 0.35) return ` ${scalar()}${comment()}`;
    if (r < 0.42) return ` ${flow(0)}${comment()}`;
    if (r < 0.5) {
      const [header, ...body] = blockScalar(indent);
      return ` ${header}\n${body.join('\n')}`;
    }
    if (r < 0.56) return comment();
    const childIndent = r < 0.78 ? indent + step : inSeq ? indent + step : chance(0.5) ? indent : indent + step;
    const rest = comment();
    const start = lines.length;
    if (r < 0.78) mapping(childIndent, depth + 1);
    else sequence(childIndent, depth + 1);
    if (lines.length === start) return ' {}';
    return rest;
  };
  const mapping = (indent: number, depth: number, compactFirst?: string[]) => {
    const used = new Set<string>();
    for (let i = 1 + Math.floor(rnd() * 4); i > 0; i--) {
      let key = chance(0.85) ? pick(PLAIN_KEYS) : pick(QUOTED_KEYS);
      if (used.has(key)) continue;
      used.add(key);
      const prefix = compactFirst && i > 0 && used.size === 1 ? compactFirst[0]! : ' '.repeat(indent);
      const at = lines.length;
      lines.push('');
      const rest = node(indent, depth, false);
      const [first, ...more] = `${prefix}${key}${chance(0.05) ? ' ' : ''}:${rest}`.split('\n');
      lines[at] = first!;
      lines.splice(at + 1, 0, ...more);
      trivia(indent);
    }
  };
  const sequence = (indent: number, depth: number) => {
    for (let i = 1 + Math.floor(rnd() * 4); i > 0; i--) {
      const dash = `${' '.repeat(indent)}-${' '.repeat(pick([1, 1, 1, 3]))}`;
      const r = rnd();
      if (r < 0.3 && depth < 4) {
        // A compact map: the first key on the dash line.
        const at = lines.length;
        mapping(indent + dash.length - indent, depth + 1, [dash]);
        if (lines.length === at) lines.push(`${dash}x`);
      } else {
        const at = lines.length;
        lines.push('');
        const rest = node(indent, depth, true);
        const [first, ...more] = `${dash.trimEnd()}${rest.startsWith(' ') || rest === '' ? rest : ` ${rest}`}`.split('\n');
        lines[at] = first!;
        lines.splice(at + 1, 0, ...more);
      }
      trivia(indent);
    }
  };
  const docs = 1 + Math.floor(rnd() * 3);
  for (let d = 0; d < docs; d++) {
    if (d > 0 || chance(0.3)) lines.push(`---${comment()}`);
    trivia(0);
    if (chance(0.1)) continue; // an empty document
    if (chance(0.85)) mapping(0, 0);
    else sequence(0, 0);
    if (chance(0.1)) lines.push(`...${comment()}`);
  }
  return lines.join('\n') + (chance(0.8) ? '\n' : '');
}
