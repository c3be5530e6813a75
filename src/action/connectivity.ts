import type { Analysis } from '../analyze.ts';
import { baseDiffTitle, diffAgainstBase } from '../app/diff.ts';
import { UsageError, type CliIo } from '../app/io.ts';
import type { Config } from '../config/types.ts';
import { assertionsMarkdown, evaluateAssertions } from '../semantics/assertions.ts';
import { diffMarkdown } from '../reach/diff.ts';
import type { Matrix } from '../reach/matrix.ts';
import { graphSection } from './graph.ts';

/** What the connectivity sections of the job summary are computed from. */
export interface ConnectivityInput {
  readonly analysis: Analysis;
  readonly config: Config;
  readonly io: CliIo;
  readonly paths: readonly string[];
  /** The matrix of `analysis.model` when already built (for `reach-output`): the graph reuses it. */
  readonly matrix?: Matrix;
  /** A git ref to diff connectivity against. */
  readonly base?: string;
}

export interface ConnectivitySections {
  /** Markdown sections for the job summary, in order. */
  readonly sections: readonly string[];
  /** Why a requested section could not be made (e.g. `base` is not in the checkout): the step fails after the summary is written. */
  readonly problems: readonly string[];
}

/**
 * The job summary's sections after the findings: the results of the config's reachability
 * assertions, the reachability graph, then the diff against `base`.
 */
export async function connectivitySections(input: ConnectivityInput): Promise<ConnectivitySections> {
  const sections: string[] = [];
  const problems: string[] = [];
  const assertions = assertionsMarkdown(evaluateAssertions(input.analysis.model, input.config));
  if (assertions) sections.push(assertions);
  const graph = graphSection(input.analysis.model, input.matrix);
  if (graph) sections.push(graph);
  if (input.base) {
    const title = baseDiffTitle(input.base);
    try {
      const diff = await diffAgainstBase(input.io, input.paths, input.config, input.base, input.analysis.model);
      sections.push(diffMarkdown(diff, title));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      // Usually a shallow clone: actions/checkout fetches one commit unless told `fetch-depth: 0`.
      const message = `input base: ${error.message.replace(/^--base:? ?/, '')}; is it fetched (actions/checkout with fetch-depth: 0)?`;
      sections.push(`### ${title}\n\n${message}`);
      problems.push(message);
    }
  }
  return { sections, problems };
}
