import { formatCheckstyle } from './checkstyle.ts';
import { formatCompact } from './compact.ts';
import { formatGithub } from './github.ts';
import { formatGitlab } from './gitlab.ts';
import { formatJunit } from './junit.ts';
import { formatJson } from './json.ts';
import { formatSarif } from './sarif.ts';
import { formatStylish } from './stylish.ts';
import type { Formatter } from './types.ts';

/** Every `--format` of the lint command, by name; the first is the default. */
export const formatters: Readonly<Record<string, Formatter>> = {
  stylish: formatStylish,
  json: formatJson,
  compact: formatCompact,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  gitlab: formatGitlab,
  checkstyle: formatCheckstyle,
};
