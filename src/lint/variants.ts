/**
 * Findings of several renderings of the same sources (each kustomize overlay of a base, each values
 * file of a chart) joined into one report: a finding at the same place in several renderings is one
 * finding, reported once at its source; its message names the renderings that have it, unless every
 * rendering has it and they are the only ones (then it names them as all). Pure.
 */
import type { Diagnostic } from './types.ts';

/** The findings of one rendering; `name` is how the report names it (`overlays/dev`, `values/prod.yaml`). */
export interface Variant {
  readonly name: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** A finding of the joined report, and the variants that have it. */
export interface MergedDiagnostic {
  readonly diagnostic: Diagnostic;
  readonly variants: readonly string[];
}

/**
 * One finding per place and kind of finding across the variants. `noun` names a variant in the plural
 * (`overlays`, `values files`). Findings that only one variant can have (in its own rendered stream)
 * keep the note they have. Two renderings of one field may quote different values (an overlay's
 * `namePrefix`): the first variant's message is kept, and the note says so.
 */
export function mergeVariants(variants: readonly Variant[], noun: string): MergedDiagnostic[] {
  if (variants.length <= 1) return variants.flatMap((v) => v.diagnostics.map((diagnostic) => ({ diagnostic, variants: [v.name] })));
  const byPlace = new Map<string, { first: Diagnostic; names: string[]; messages: Set<string> }>();
  for (const variant of variants) {
    const seen = new Map<string, number>();
    for (const diagnostic of variant.diagnostics) {
      const place = [diagnostic.ruleId, diagnostic.messageId, diagnostic.file.path, diagnostic.span.start, diagnostic.span.end].join('\0');
      // Two findings of one variant at one place stay two (each object of a list has its own): the n-th
      // of one variant joins the n-th of another.
      const nth = seen.get(place) ?? 0;
      seen.set(place, nth + 1);
      const ownKey = `${place}\0${nth}`;
      const entry = byPlace.get(ownKey);
      if (entry) {
        if (!entry.names.includes(variant.name)) entry.names.push(variant.name);
        entry.messages.add(diagnostic.message);
      } else {
        byPlace.set(ownKey, { first: diagnostic, names: [variant.name], messages: new Set([diagnostic.message]) });
      }
    }
  }
  const all = variants.length;
  return [...byPlace.values()].map(({ first, names, messages }) => {
    const which = names.length === all ? `in every one of the ${all} ${noun}: ${names.join(', ')}` : names.length === 1 ? `only in ${singular(noun)} ${names[0]}` : `only in ${noun} ${names.join(', ')}`;
    const wording = messages.size > 1 ? `; the message as ${names[0]} renders it` : '';
    return { diagnostic: { ...first, message: `${first.message} (${which}${wording})` }, variants: names };
  });
}

function singular(noun: string): string {
  return noun.endsWith('files') ? noun.slice(0, -1) : noun.endsWith('s') ? noun.slice(0, -1) : noun;
}
