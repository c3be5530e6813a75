// The reachability matrix of a model in one of the `reach` formats: what `kube-netlint reach` prints
// and what `lint --reach-output` (and the Action's `reach-output`) writes from the model the lint
// already built, so that one run reads, parses and models the tree once for both.
import { htmlDrawsNodes, reachHtml } from '../format/reach/html.ts';
import { reachFormatters } from '../format/reach/index.ts';
import type { Model } from '../model/types.ts';
import { explainView } from '../reach/explain-view.ts';
import { filterView, type ViewFilter } from '../reach/filter.ts';
import { buildMatrix, type Matrix } from '../reach/matrix.ts';
import type { ReachFormatter, ReachView } from '../reach/view.ts';
import { caveatsOf } from '../semantics/blind-spots.ts';
import { ingressControllerCaveat } from '../semantics/ingress-controllers.ts';
import { UsageError } from './io.ts';

/** The formats that print the caveats (kinds that decide traffic but are not modelled) themselves. */
const CAVEATS_IN_OUTPUT: ReadonlySet<string> = new Set(['table', 'json', 'md', 'html']);

/** The `reach` format names, the default (table) first. */
export const REACH_FORMAT_NAMES: readonly string[] = Object.keys(reachFormatters);

export interface ReachReport {
  /** The matrix the view was cut from (all nodes, before any filter). */
  readonly matrix: Matrix;
  /** The filtered view, with the caveats. */
  readonly view: ReachView;
  /** The formatted output, made as it is read (a large matrix is never one string). */
  readonly output: Iterable<string>;
  /** Caveat lines for stderr: formats that are data with no place for a remark (csv, dot, mermaid) leave them there. */
  readonly notes: readonly string[];
}

export interface ReachReportOptions {
  /** `reach --from/--to/--port/--protocol`; none: the whole matrix. */
  readonly filter?: ViewFilter;
  /** `--full-graph`: dot, mermaid and html draw every node, however large. */
  readonly fullGraph?: boolean;
}

/** The formatter a format name names; a usage error (naming `option`) listing the names otherwise. */
export function reachFormatterOf(name: string, option: string): ReachFormatter {
  // Own keys only: `--format constructor` must not find Object.prototype's.
  const formatter = Object.hasOwn(reachFormatters, name) ? reachFormatters[name] : undefined;
  if (!formatter) throw new UsageError(`unknown ${option} "${name}"; use one of ${REACH_FORMAT_NAMES.join(', ')}`);
  return formatter;
}

/** The matrix of `model` in format `format` (a name of `reachFormatters`), as `reach` prints it. */
export function reachReport(model: Model, format: string, options: ReachReportOptions = {}): ReachReport {
  const formatter = reachFormatterOf(format, 'reach format');
  const matrix = buildMatrix(model);
  const full: ReachView = { nodes: matrix.nodes, edges: matrix.edgeStream() };
  // `{ingress-controller}` inferred from the Ingress classes is said once, as the caveats are.
  const inferred = ingressControllerCaveat(model);
  const view: ReachView = { ...filterView(full, options.filter ?? {}), caveats: [...caveatsOf(model), ...(inferred ? [inferred] : [])] };
  const notes = CAVEATS_IN_OUTPUT.has(format) ? [] : view.caveats!.map((caveat) => `kube-netlint: caveat: ${caveat.message}`);
  const fullGraph = options.fullGraph ?? false;
  // The html page embeds the explain of each pair it draws node by node (bounded: HTML_MAX_EXPLANATIONS).
  const explanations = formatter === reachHtml && htmlDrawsNodes(view, { fullGraph }) ? explainView(model, view) : undefined;
  return { matrix, view, output: formatter(view, { fullGraph, ...(explanations ? { explanations } : {}) }), notes };
}
