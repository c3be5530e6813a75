import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCalicoSelectorError, matchesCalico, parseCalicoSelector, printCalico, type CalicoExpr } from './calico-selector.ts';

function parse(text: string): CalicoExpr {
  const parsed = parseCalicoSelector(text);
  if (isCalicoSelectorError(parsed)) throw new Error(`${text}: ${parsed.error} at ${parsed.offset}`);
  return parsed;
}

// Truth cases of libcalico-go lib/selector/parser/parser_test.go @ 87c15906 (docs/research/policies.md §3.4):
// selector, label sets that must match, label sets that must not.
const TRUTH: [string, Record<string, string>[], Record<string, string>[]][] = [
  ['a == "b"', [{ a: 'b' }, { a: 'b', c: 'd' }], [{}, { a: 'c' }, { c: 'd' }]],
  ['a == "b" && c == "d"', [{ a: 'b', c: 'd' }], [{}, { a: 'b', c: 'e' }, { a: 'c', c: 'd' }, { c: 'd' }, { a: 'b' }]],
  ['a == "b" || c == "d"', [{ a: 'b', c: 'd' }, { a: 'b' }, { c: 'd' }], [{}, { a: 'e', c: 'e' }, { c: 'e' }, { a: 'e' }]],
  [`a in {"'", '"', "c"}`, [{ a: 'c' }, { a: '"' }, { a: "'" }], [{}, { a: 'e' }]],
  [`a not in {"'", '"', "c"}`, [{}, { a: 'e' }], [{ a: 'c' }, { a: '"' }, { a: "'" }]],
  ["a == 'a'", [{ a: 'a' }], [{ a: 'b' }, {}]],
  ['a != "b"', [{ a: 'a' }], []],
  ['a != "a"', [{}], [{ a: 'a' }]],
  ['a contains "a"', [{ a: 'a' }, { a: 'bab' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { b: 'aaa' }]],
  ['a starts with "a"', [{ a: 'a' }, { a: 'abb' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { a: 'baa' }, { b: 'aaa' }]],
  ['a ends with "a"', [{ a: 'a' }, { a: 'bba' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { a: 'aab' }, { b: 'aaa' }]],
  ['a in {"a"}', [{ a: 'a' }], [{ a: 'b' }]],
  ['!a in {"a"}', [{ a: 'b' }], []],
  ['a in {"a", "b"}', [{ a: 'a' }, { a: 'b' }], [{ a: 'c' }]],
  ['a not in {"d", "e"}', [{ a: 'a' }], []],
  ['a not in {"a"}', [], [{ a: 'a' }]],
  ['has(a)', [{ a: 'b' }], []],
  ['!has(a)', [{ b: 'b' }], [{ a: 'b' }]],
  ['has(b)', [], [{ a: 'b' }]],
  ['!!has(b)', [], [{ a: 'b' }]],
  ['! has(a)', [], [{ a: 'b' }]],
  ['!!! has(a)', [], [{ a: 'b' }]],
  ['!! ! has(a)', [], [{ a: 'b' }]],
  ['! !!has(a)', [], [{ a: 'b' }]],
  ['', [{}, { a: 'b' }], []],
  [' ', [{}, { a: 'b' }], []],
  ['all()', [{}, { a: 'b' }], []],
  [' all()', [{}, { a: 'b' }], []],
  ['global()', [{}, { a: 'b' }], []],
  ["a == 'a1' && b == 'b1'", [{ a: 'a1', b: 'b1' }], []],
  ["a == 'a1' && b != 'b1'", [], [{ a: 'a1', b: 'b1' }]],
  ["!a == 'a1' && b == 'b1'", [], [{ a: 'a1', b: 'b1' }]],
  ['has(a) && !has(b)', [{ a: 'a' }], []],
  ['!(!has(a) || has(b))', [{ a: 'a' }], []],
  ["a == 'a1' || b != 'b1'", [{ a: 'a1', b: 'b1' }], []],
  ["a != 'a1' || b != 'b1'", [], [{ a: 'a1', b: 'b1' }]],
  ["! a == 'a1' || ! b == 'b1'", [], [{ a: 'a1', b: 'b1' }]],
  // Tokenizer cases (tokenizer_test.go): no spaces, two spaces, the joined spellings, a label named like an operator.
  ['a=="b"', [{ a: 'b' }], [{ a: 'c' }]],
  ['label contains"value"', [{ label: 'a value' }], [{ label: 'val' }]],
  ['startswith starts with "value"', [{ startswith: 'values' }], [{ startswith: 'xvalue' }]],
  ['label starts  with "value"', [{ label: 'value1' }], [{ label: '1value' }]],
  ['a startswith "x" && b endswith "y" && c notin {"z"}', [{ a: 'x1', b: '1y' }], [{ a: 'x', b: 'y', c: 'z' }]],
  ['has(calico/k8s_NS-.1/role)', [{ 'calico/k8s_NS-.1/role': '' }], [{}]],
  ['a not in {}', [{}, { a: 'x' }], []],
  ['a in {"x",}', [{ a: 'x' }], [{ a: 'y' }]],
  ['global( ) && all( )', [{}], []],
];

describe('Calico selector truth cases (libcalico-go parser_test.go)', () => {
  for (const [text, yes, no] of TRUTH) {
    it(`when ${JSON.stringify(text)} is evaluated, then it matches ${JSON.stringify(yes)} and not ${JSON.stringify(no)}`, () => {
      const expr = parse(text);
      for (const labels of yes) assert.equal(matchesCalico(expr, labels), true, JSON.stringify(labels));
      for (const labels of no) assert.equal(matchesCalico(expr, labels), false, JSON.stringify(labels));
    });
  }
});

// badSelectors of parser_test.go and the tokenizer's error cases, with the offset reading stops at.
const BAD: [string, number][] = [
  ['b == b', 5],
  ['b contains b', 11],
  ['b starts with b', 14],
  ['b ends with b', 12],
  ["'b1' == b", 0],
  ['b', 1],
  ['a b', 2],
  ['!', 1],
  ['foo == "bar" &', 13],
  ['foo == "bar" |', 13],
  ['foo != ||', 7],
  ['foo in {"", ||', 12],
  ['foo in ""', 7],
  ['"FOO', 0],
  ['"FOO\'', 0],
  ["'FOO", 0],
  ['(', 1],
  ['(a == "foo"', 11],
  [')', 0],
  ['()', 1],
  ['%', 0],
  ['a == "b" && %', 12],
  ['a == "b" || %', 12],
  ['a ', 2],
  ['has(foo) &&', 11],
  ['label = "value"', 6],
  ['all(', 4],
  ['global(', 7],
  ['has()', 4],
  ['has(foo', 7],
  ['has( foo ', 9],
  ['a == "b" & has(foo)', 9],
  ['label starts foo "value"', 6],
  ['label inf "value"', 6],
  ['label ends withs "value"', 6],
  ['label squiggles "value"', 6],
  [`${'x'.repeat(513)} == "a"`, 512],
  ['a == "b"\n&& c == "d"', 8],
];

describe('Calico selectors that libcalico-go rejects', () => {
  for (const [text, offset] of BAD) {
    it(`when ${JSON.stringify(text.length > 40 ? `${text.slice(0, 20)}…` : text)} is parsed, then it is an error at offset ${offset}`, () => {
      const parsed = parseCalicoSelector(text);
      assert.ok(isCalicoSelectorError(parsed), `parsed as ${JSON.stringify(parsed)}`);
      assert.equal(parsed.offset, offset, parsed.error);
    });
  }
  it('when parentheses nest 100,000 deep (hostile input), then it is an error at the first one too deep, not a stack overflow', () => {
    const text = `${'('.repeat(100_000)}has(a)${')'.repeat(100_000)}`;
    const parsed = parseCalicoSelector(text);
    assert.ok(isCalicoSelectorError(parsed));
    assert.equal(parsed.offset, 256);
    assert.equal(matchesCalico(parse(`${'('.repeat(200)}has(a)${')'.repeat(200)}`), { a: '' }), true);
  });
  it('when a label is 512 characters long, then it is accepted', () => {
    assert.equal(matchesCalico(parse(`${'x'.repeat(512)} == "a"`), { ['x'.repeat(512)]: 'a' }), true);
  });
});

// canonicalisationTests of parser_test.go.
const CANONICAL: [string, string][] = [
  ['', 'all()'],
  [' all() ', 'all()'],
  [' (all() )', 'all()'],
  ['! (has( b)||! has(a ))', '!(has(b) || !has(a))'],
  ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
  [`a == "'"`, `a == "'"`],
  [`a == '"'`, `a == '"'`],
  [`a contains '"'`, `a contains '"'`],
  [`a startswith '"'`, `a starts with '"'`],
  [`a endswith "'"`, `a ends with "'"`],
  [`a!='"'`, `a != '"'`],
  ['a in {"d", "a", "b"}', 'a in {"a", "b", "d"}'],
  ['a in {"z","z","x","y","x","a"}', 'a in {"a", "x", "y", "z"}'],
  ["!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))", '!(!((k == "v" && has(t)) || all()) && a in {"b", "c"})'],
];

describe('Calico canonical printing', () => {
  for (const [text, canonical] of CANONICAL) {
    it(`when ${JSON.stringify(text)} is printed, then it reads ${JSON.stringify(canonical)}`, () => {
      assert.equal(printCalico(parse(text)), canonical);
    });
  }
});

/** A deterministic generator (mulberry32) so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Labels named like operator words and values holding either quote test the tokenizer's corners.
const KEYS = ['a', 'b', 'app.kubernetes.io/name', 'contains', 'in', 'not', 'starts', 'has', 'all'];
const VALUES = ['', 'x', 'xy', 'yx', 'x y', "it's", 'say "hi"', '{', '&&'];

function randomExpr(random: () => number, depth: number): CalicoExpr {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const roll = random();
  if (depth > 0 && roll < 0.35) {
    const exprs = Array.from({ length: 2 + Math.floor(random() * 2) }, () => randomExpr(random, depth - 1));
    return { op: random() < 0.5 ? 'and' : 'or', exprs };
  }
  if (depth > 0 && roll < 0.45) return { op: 'not', expr: randomExpr(random, depth - 1) };
  const label = pick(KEYS);
  switch (Math.floor(random() * 9)) {
    case 0:
      return { op: 'has', label };
    case 1:
      return random() < 0.5 ? { op: 'all' } : { op: 'global' };
    case 2:
    case 3:
      return { op: 'in', label, values: Array.from({ length: Math.floor(random() * 3) }, () => pick(VALUES)) };
    case 4:
      return { op: 'not in', label, values: Array.from({ length: Math.floor(random() * 3) }, () => pick(VALUES)) };
    default:
      return { op: pick(['==', '!=', 'contains', 'starts with', 'ends with'] as const), label, value: pick(VALUES) };
  }
}

/** Prints an expression in one of the many ways Calico accepts: spaces and tabs or none, either quote, extra parentheses, `!!`, joined operator words, a trailing comma. */
function randomPrint(expr: CalicoExpr, random: () => number): string {
  const ws = () => ['', ' ', '  ', '\t'][Math.floor(random() * 4)]!;
  const sp = () => [' ', '  ', '\t'][Math.floor(random() * 3)]!;
  const quote = (value: string) => (value.includes('"') ? `'${value}'` : value.includes("'") || random() < 0.5 ? `"${value}"` : `'${value}'`);
  const wrap = (text: string) => (random() < 0.15 ? `(${ws()}${text}${ws()})` : text);
  const doubleNot = (text: string) => (random() < 0.1 ? `!!${ws()}${text}` : text);
  let text: string;
  switch (expr.op) {
    case 'all':
    case 'global':
      text = `${expr.op}(${ws()})`;
      break;
    case 'has':
      text = `has(${ws()}${expr.label}${ws()})`;
      break;
    case 'in':
    case 'not in': {
      const members = expr.values.map((v) => `${ws()}${quote(v)}${ws()}`).join(',');
      const trailing = expr.values.length > 0 && random() < 0.3 ? ',' : '';
      const op = expr.op === 'in' ? 'in' : random() < 0.3 ? 'notin' : `not${sp()}in`;
      text = `${expr.label}${sp()}${op}${ws()}{${members}${trailing}}`;
      break;
    }
    case 'not':
      text = `!${ws()}${expr.expr.op === 'and' || expr.expr.op === 'or' ? `(${randomPrint(expr.expr, random)})` : randomPrint(expr.expr, random)}`;
      break;
    case 'and':
    case 'or':
      // Children of the other connective (or of a lower precedence) need parentheses; `!` binds tighter than both.
      text = expr.exprs
        .map((e) => (e.op === 'and' || e.op === 'or' ? `(${ws()}${randomPrint(e, random)}${ws()})` : randomPrint(e, random)))
        .join(`${ws()}${expr.op === 'and' ? '&&' : '||'}${ws()}`);
      break;
    default: {
      // Words need a space before a quote only when the word would run into the label; a quote ends them.
      const op = expr.op === 'starts with' && random() < 0.3 ? 'startswith' : expr.op === 'ends with' && random() < 0.3 ? 'endswith' : expr.op;
      const before = op === '==' || op === '!=' ? ws() : sp();
      text = `${expr.label}${before}${op}${ws()}${quote(expr.value)}`;
    }
  }
  return wrap(doubleNot(text));
}

/** A direct evaluator of the generated expression, written apart from the one under test. */
function reference(expr: CalicoExpr, labels: Record<string, string>): boolean {
  const value = 'label' in expr ? labels[expr.label] : undefined;
  const present = value !== undefined;
  switch (expr.op) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return present;
    case '==':
      return value === expr.value;
    case '!=':
      return value !== expr.value;
    case 'contains':
      return present && value.indexOf(expr.value) >= 0;
    case 'starts with':
      return present && value.slice(0, expr.value.length) === expr.value;
    case 'ends with':
      return present && value.length >= expr.value.length && value.slice(value.length - expr.value.length) === expr.value;
    case 'in':
      return present && expr.values.some((v) => v === value);
    case 'not in':
      return !present || expr.values.every((v) => v !== value);
    case 'not':
      return !reference(expr.expr, labels);
    case 'and':
      return expr.exprs.reduce<boolean>((all, e) => reference(e, labels) && all, true);
    case 'or':
      return expr.exprs.reduce<boolean>((any, e) => reference(e, labels) || any, false);
  }
}

function randomLabels(random: () => number): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of KEYS) if (random() < 0.4) labels[key] = VALUES[Math.floor(random() * VALUES.length)]!;
  return labels;
}

describe('Calico selector parser against random expressions (differential)', () => {
  it('when 3000 random expressions are printed in random accepted forms and parsed back, then each evaluates as the expression on 20 random label sets, and the canonical print parses to the same', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const random = rng(seed);
      const expr = randomExpr(random, 3);
      const text = randomPrint(expr, random);
      const parsed = parseCalicoSelector(text);
      assert.ok(!isCalicoSelectorError(parsed), `seed ${seed}: ${JSON.stringify(text)} rejected: ${JSON.stringify(parsed)}`);
      const canonical = printCalico(parsed);
      const reparsed = parse(canonical);
      assert.equal(printCalico(reparsed), canonical, `seed ${seed}: canonical form is not stable`);
      for (let i = 0; i < 20; i++) {
        const labels = randomLabels(random);
        const expected = reference(expr, labels);
        assert.equal(matchesCalico(parsed, labels), expected, `seed ${seed}: ${JSON.stringify(text)} on ${JSON.stringify(labels)}`);
        assert.equal(matchesCalico(reparsed, labels), expected, `seed ${seed}: canonical ${JSON.stringify(canonical)} on ${JSON.stringify(labels)}`);
      }
    }
  });
  it('when random expressions are cut short or given a stray character, then the parser returns an error with an offset inside the text or a selector, never throws', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const random = rng(seed);
      const text = randomPrint(randomExpr(random, 3), random);
      const cut = text.slice(0, Math.floor(random() * text.length));
      const at = Math.floor(random() * (text.length + 1));
      const stray = `${text.slice(0, at)}${['%', '=', '&', '|', '"', '(', '\n'][Math.floor(random() * 7)]}${text.slice(at)}`;
      for (const input of [cut, stray]) {
        const parsed = parseCalicoSelector(input);
        if (isCalicoSelectorError(parsed)) assert.ok(parsed.offset >= 0 && parsed.offset <= input.length, `seed ${seed}: ${JSON.stringify(input)} offset ${parsed.offset}`);
      }
    }
  });
});
