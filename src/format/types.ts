import type { Summary } from '../analyze.ts';
import type { Diagnostic, RuleMeta } from '../lint/types.ts';

/** Everything a formatter needs; formatters are pure `(input) => string`. */
export interface FormatInput {
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: Summary;
  /** Metadata of every rule that could have reported (for SARIF's rule table). */
  readonly rules: readonly RuleMeta[];
  /** Use ANSI colour (stylish only). */
  readonly color: boolean;
  /** Tool version, for SARIF. */
  readonly version: string;
  /** Results of the config's reachability assertions, when it declares any (JSON lists them all; failures are also findings). */
  readonly assertions?: readonly AssertionOutcome[];
  /** With `--baseline`: how many findings it left out, and how many of its entries matched none. */
  readonly baseline?: { readonly baselined: number; readonly unmatched: number };
}

/** One reachability assertion's result as reports show it. */
export interface AssertionOutcome {
  readonly name: string;
  readonly expect: 'allow' | 'deny';
  /** `fail`: a pair contradicts the expectation; `error`: it cannot be evaluated (e.g. an endpoint matches nothing). */
  readonly status: 'pass' | 'fail' | 'error';
  /** One line: how many pairs held, or the first pair that did not and why. */
  readonly detail: string;
}

export type Formatter = (input: FormatInput) => string;
