import type { Model } from '../model/types.ts';
import { explainPairs, explainText, matrixNodeEndpoint } from './explain.ts';
import type { PairExplanations, ReachView } from './view.ts';

/**
 * The most pairs whose `explain` the html page embeds: a few hundred bytes each, so that a page of
 * 150 nodes (22,350 pairs) stays a few megabytes instead of tens.
 */
export const HTML_MAX_EXPLANATIONS = 2_000;

/**
 * The `explain` text (any connection, as `kube-netlint explain FROM TO` prints it) of the pairs of a
 * view's nodes, row by row in matrix order, for at most `limit` pairs; never a node with itself, nor
 * two address ranges (the matrix has no such connection).
 */
export function explainView(model: Model, view: ReachView, limit = HTML_MAX_EXPLANATIONS): PairExplanations {
  const { nodes } = view;
  const endpoints = nodes.map((node) => matrixNodeEndpoint(model, node));
  const text = new Map<number, string>();
  let pairs = 0;
  for (let from = 0; from < nodes.length; from++) {
    for (let to = 0; to < nodes.length; to++) {
      if (from === to || (nodes[from]!.type === 'external' && nodes[to]!.type === 'external')) continue;
      pairs++;
      if (text.size < limit) text.set(from * nodes.length + to, explainText(explainPairs(model, [endpoints[from]!], [endpoints[to]!], {})));
    }
  }
  return { text, pairs, limit };
}
