import type { Caveat } from '../semantics/blind-spots.ts';
import type { ConnSet } from '../semantics/conn.ts';
import type { MatrixNode } from './nodes.ts';

/** An allowed connection between two nodes of a view (indexes into its `nodes`). */
export interface ViewEdge {
  readonly from: number;
  readonly to: number;
  readonly conn: ConnSet;
}

/** What the `reach` formatters render: nodes in matrix order and the allowed, sorted edges among them. */
export interface ReachView {
  readonly nodes: readonly MatrixNode[];
  readonly edges: readonly ViewEdge[];
  /** What the view cannot show (kinds that decide traffic but are not modelled); formats that have a place for them print them. */
  readonly caveats?: readonly Caveat[];
}

/** A formatter of the matrix: pure, view in, text out. */
export type ReachFormatter = (view: ReachView) => string;
