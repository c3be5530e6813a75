import { formatJson } from './json.ts';
import type { Formatter } from './types.ts';

/** Every `--format` of the lint command, by name. */
export const formatters: Readonly<Record<string, Formatter>> = {
  json: formatJson,
};
