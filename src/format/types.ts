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
}

export type Formatter = (input: FormatInput) => string;
