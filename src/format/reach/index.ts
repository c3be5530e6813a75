import type { ReachFormatter } from '../../reach/view.ts';
import { reachDot, reachMermaid } from './graph.ts';
import { reachHtml } from './html.ts';
import { reachJson } from './json.ts';
import { reachCsv, reachMarkdown, reachTable } from './table.ts';

/** `reach --format` names and their formatters. */
export const reachFormatters: Readonly<Record<string, ReachFormatter>> = {
  table: reachTable,
  json: reachJson,
  csv: reachCsv,
  md: reachMarkdown,
  dot: reachDot,
  mermaid: reachMermaid,
  html: reachHtml,
};
