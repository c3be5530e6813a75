import type { Validator } from './compile-options.ts';

/**
 * The validators of every schema the tool validates against, compiled ahead of time by `npm run schemas`
 * (scripts/schemas/validators.ts writes precompiled.generated.js beside this file), by `schemaKey` of the
 * content they were generated from.
 */
export declare const PRECOMPILED: ReadonlyMap<string, Validator>;
