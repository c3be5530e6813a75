import type { Analysis } from '../analyze.ts';
import type { CliIo } from '../cli/io.ts';
import type { Config } from '../config/types.ts';
import { graphSection } from './graph.ts';

/** What the connectivity sections of the job summary are computed from. */
export interface ConnectivityInput {
  readonly analysis: Analysis;
  readonly config: Config;
  readonly io: CliIo;
  readonly paths: readonly string[];
  /** A git ref to diff connectivity against. */
  readonly base?: string;
}

/** The job summary's Markdown sections after the findings: the reachability graph, then the diff against `base`. */
export async function connectivitySections(input: ConnectivityInput): Promise<string[]> {
  const sections: string[] = [];
  const graph = graphSection(input.analysis.model);
  if (graph) sections.push(graph);
  if (input.base) sections.push(await diffSection(input, input.base));
  return sections;
}

/** HOOK (diff engine, `kube-netlint diff --base`): the connectivity changes against `base`, as Markdown. */
async function diffSection(_input: ConnectivityInput, base: string): Promise<string> {
  return `### Connectivity changes against \`${base}\`\n\nThe connectivity diff is not available in this version.`;
}
