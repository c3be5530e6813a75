import type { Caveat } from '../semantics/blind-spots.ts';
import type { ConnSet } from '../semantics/conn.ts';
import type { MatrixNode } from '../semantics/nodes.ts';

/** An allowed connection between two nodes of a view (indexes into its `nodes`). */
export interface ViewEdge {
  readonly from: number;
  readonly to: number;
  readonly conn: ConnSet;
}

/**
 * What the `reach` formatters render: nodes in matrix order and the allowed, sorted edges among them.
 * `edges` may be iterated more than once and need not be an array: a matrix's edges are made as they
 * are read (`Matrix.edgeStream`), since n workloads that all reach each other have n² of them, more
 * than memory holds; formatters and filters read them in passes, never keep them all.
 */
export interface ReachView {
  readonly nodes: readonly MatrixNode[];
  readonly edges: Iterable<ViewEdge>;
  /** What the view cannot show (kinds that decide traffic but are not modelled); formats that have a place for them print them. */
  readonly caveats?: readonly Caveat[];
}

/**
 * A formatter of the matrix: pure, view in, text out in pieces (a line or a few), so that the output
 * of a large matrix is written as it is made rather than held as one string.
 */
export type ReachFormatter = (view: ReachView, options?: ReachFormatOptions) => Iterable<string>;

/** What the graph formats draw beyond the view itself. */
export interface ReachFormatOptions {
  /** Draw every node even above the size a renderer can draw (`reach --full-graph`). */
  readonly fullGraph?: boolean;
  /** The `explain` of pairs of the view's nodes, embedded in the html page. */
  readonly explanations?: PairExplanations;
}

/** `explain` text of pairs of a view's nodes (by index), for at most `limit` pairs of `pairs`. */
export interface PairExplanations {
  /** `explain` text by `from * nodes.length + to`. */
  readonly text: ReadonlyMap<number, string>;
  /** How many pairs the page shows node by node, and the most it explains. */
  readonly pairs: number;
  readonly limit: number;
}

/** The number of edges of a view (one pass). */
export function countEdges(edges: Iterable<ViewEdge>): number {
  if (Array.isArray(edges)) return edges.length;
  let count = 0;
  for (const _ of edges) count++;
  return count;
}

/** A formatter's whole output as one string, for outputs known to be small (tests, the job summary). */
export function renderView(format: ReachFormatter, view: ReachView): string {
  let text = '';
  for (const piece of format(view)) text += piece;
  return text;
}

/** An iterable that runs `make` afresh on every pass: a lazy list that can be read more than once. */
export function reiterable<T>(make: () => Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: make };
}
