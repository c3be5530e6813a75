import type { NodeLocation, Path } from './types.ts';

/**
 * The source ranges of one document's nodes, kept in one flat integer array (a "tape") rather than an
 * object per node: a node costs 16 bytes and a map entry 12 more, where objects with arrays of keys
 * cost twenty times that (13 MB of Services took 370 MB of span objects). Every reader writes this
 * form: the fast reader and the JSON reader when a file is first located in, the `yaml` library path
 * right after composing (its syntax tree is then dropped).
 *
 * A node is `[start, end, kind | plain << 2 | count << 3, size]`, `size` being the number of integers
 * of the node with everything under it (to skip it). A map is followed by its entries, each a key
 * `[keyStart, keyEnd, keyFlags]` and then the value node; a sequence by its items.
 */
export class SpanTree {
  /** Child offsets of large collections, built on their first lookup (random access into long lists). */
  private index: Map<number, Int32Array> | undefined;
  /** Key positions of large maps, by key, built on their first lookup. */
  private keyIndex: Map<number, Map<string, number>> | undefined;

  constructor(
    private readonly data: Int32Array,
    /** The file's text, against which plain keys are compared. */
    private readonly text: string,
    /** Keys whose string is not their source text (quoted keys), by the offset of their key record. */
    private readonly keyStrings: ReadonlyMap<number, string> | undefined,
  ) {}

  /** Memory held, in bytes (for the cache's budget). */
  get bytes(): number {
    return this.data.byteLength;
  }

  /**
   * The location of `path`, with the `yaml` library's rules: a map key is matched as the value's
   * object has it (so `['1']` and `[1]` agree); the first of equal keys wins; a key without a value
   * node gives the key itself.
   */
  locate(path: Path): NodeLocation | undefined {
    const data = this.data;
    let node = 0;
    let keyAt = -1;
    for (const segment of path) {
      const flags = data[node + 2]!;
      const kind = flags & 3;
      if (kind === MAP) {
        const entry = this.findKey(node, String(segment));
        if (entry === -1) return undefined;
        keyAt = entry;
        node = entry + 3;
        if ((data[node + 2]! & 3) === ABSENT) return this.location(node, keyAt);
      } else if (kind === SEQ && typeof segment === 'number') {
        const count = flags >>> 3;
        if (!Number.isInteger(segment) || segment < 0 || segment >= count) return undefined;
        node = this.child(node, count, segment);
        keyAt = -1;
      } else {
        return undefined;
      }
    }
    return this.location(node, keyAt);
  }

  private location(node: number, keyAt: number): NodeLocation {
    const data = this.data;
    const plain = (data[node + 2]! & PLAIN) !== 0 ? { plain: true as const } : {};
    if (keyAt === -1) return { value: { start: data[node]!, end: data[node + 1]! }, ...plain };
    const key = { start: data[keyAt]!, end: data[keyAt + 1]! };
    const keyPlain = (data[keyAt + 2]! & KEY_PLAIN) !== 0 ? { keyPlain: true as const } : {};
    // A key without a value node: the key stands for the value, as in the library's tree.
    if ((data[node + 2]! & 3) === ABSENT) return { value: key, key, ...keyPlain };
    return { value: { start: data[node]!, end: data[node + 1]! }, key, ...plain, ...keyPlain };
  }

  /** The offset of the entry of map `node` whose key is `key`, or -1. */
  private findKey(node: number, key: string): number {
    const data = this.data;
    const count = data[node + 2]! >>> 3;
    if (count > INDEX_FROM) {
      this.keyIndex ??= new Map();
      let keys = this.keyIndex.get(node);
      if (!keys) {
        keys = new Map();
        for (let i = 0, at = node + 4; i < count; i++, at += 3 + data[at + 6]!) {
          const text = this.keyText(at);
          if (!keys.has(text)) keys.set(text, at);
        }
        this.keyIndex.set(node, keys);
      }
      return keys.get(key) ?? -1;
    }
    for (let i = 0, at = node + 4; i < count; i++, at += 3 + data[at + 6]!) {
      if (this.keyIs(at, key)) return at;
    }
    return -1;
  }

  private keyText(at: number): string {
    const data = this.data;
    const flags = data[at + 2]!;
    if ((flags & KEY_STORED) !== 0) return this.keyStrings!.get(at)!;
    const quote = (flags & KEY_QUOTED) !== 0 ? 1 : 0;
    return this.text.slice(data[at]! + quote, data[at + 1]! - quote);
  }

  private keyIs(at: number, key: string): boolean {
    const data = this.data;
    const flags = data[at + 2]!;
    if ((flags & KEY_STORED) !== 0) return this.keyStrings!.get(at) === key;
    const quote = (flags & KEY_QUOTED) !== 0 ? 1 : 0;
    const start = data[at]! + quote;
    return data[at + 1]! - quote - start === key.length && this.text.startsWith(key, start);
  }

  /** The offset of item `position` of sequence `node`. */
  private child(node: number, count: number, position: number): number {
    const data = this.data;
    if (count > INDEX_FROM) {
      this.index ??= new Map();
      let offsets = this.index.get(node);
      if (!offsets) {
        offsets = new Int32Array(count);
        for (let i = 0, at = node + 4; i < count; i++, at += data[at + 3]!) offsets[i] = at;
        this.index.set(node, offsets);
      }
      return offsets[position]!;
    }
    let at = node + 4;
    for (let i = 0; i < position; i++) at += data[at + 3]!;
    return at;
  }
}

const MAP = 1;
const SEQ = 2;
/** A map entry without a value node (the `yaml` library's `? key` with no `:`). */
const ABSENT = 3;
const PLAIN = 4;
const KEY_PLAIN = 1;
const KEY_STORED = 2;
/** A quoted key whose string is its source text between the quotes (no escapes). */
const KEY_QUOTED = 4;
/** Collections with more children than this get an index on their first lookup. */
const INDEX_FROM = 16;

/** Writes a `SpanTree` in document order: `open` a collection, write its children, `close` it. */
export class SpanTreeBuilder {
  private data = new Int32Array(256);
  private n = 0;
  private keyStrings: Map<number, string> | undefined;

  constructor(private readonly text: string) {}

  private grow(ints: number): void {
    if (this.n + ints <= this.data.length) return;
    const bigger = new Int32Array(Math.max(this.data.length * 2, this.n + ints));
    bigger.set(this.data.subarray(0, this.n));
    this.data = bigger;
  }

  /** A scalar (or any node without children) from `start` to `end`. */
  leaf(start: number, end: number, plain: boolean): void {
    this.grow(4);
    const data = this.data;
    const n = this.n;
    data[n] = start;
    data[n + 1] = end;
    data[n + 2] = plain ? PLAIN : 0;
    data[n + 3] = 4;
    this.n = n + 4;
  }

  /** The value of a map entry that has none (see `ABSENT`). */
  absent(): void {
    this.leaf(0, 0, false);
    this.data[this.n - 2] = ABSENT;
  }

  /** Starts a map (`map` true) or a sequence at `start`; returns the handle for `close`. */
  open(start: number, map: boolean): number {
    this.grow(4);
    const n = this.n;
    this.data[n] = start;
    this.data[n + 2] = map ? MAP : SEQ;
    this.n = n + 4;
    return n;
  }

  /** Ends the collection `handle` at `end`, with `count` items or entries written since it was opened. */
  close(handle: number, end: number, count: number): void {
    this.data[handle + 1] = end;
    this.data[handle + 2] = (this.data[handle + 2]! & 3) | (count << 3);
    this.data[handle + 3] = this.n - handle;
  }

  /** A map key from `start` to `end`; `key` is its string when that may not be the source text (a quoted key). */
  key(start: number, end: number, plain: boolean, key?: string): void {
    this.grow(3);
    const n = this.n;
    const data = this.data;
    data[n] = start;
    data[n + 1] = end;
    let flags = plain ? KEY_PLAIN : 0;
    const text = this.text;
    if (key !== undefined && (end - start !== key.length || !text.startsWith(key, start))) {
      if (end - start - 2 === key.length && text.startsWith(key, start + 1)) {
        flags |= KEY_QUOTED;
      } else {
        (this.keyStrings ??= new Map()).set(n, key);
        flags |= KEY_STORED;
      }
    }
    data[n + 2] = flags;
    this.n = n + 3;
  }

  /** The tree written since the last `finish` (one document's), sized to fit. */
  finish(): SpanTree {
    const tree = new SpanTree(this.data.slice(0, this.n), this.text, this.keyStrings);
    this.n = 0;
    this.keyStrings = undefined;
    return tree;
  }
}
