/**
 * Inline expectations in manifests: a line carrying `# expect: rule-a, rule-b` must have exactly those
 * findings (by rule id) on that line, and no other line may have any. Used by fixtures and rule docs.
 */
export interface ExpectedMarker {
  readonly line: number;
  readonly ruleId: string;
}

const MARKER = /#\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

export function readMarkers(text: string): ExpectedMarker[] {
  const markers: ExpectedMarker[] = [];
  text.split('\n').forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match) return;
    for (const ruleId of match[1]!.split(',').map((s) => s.trim())) markers.push({ line: index + 1, ruleId });
  });
  return markers.sort((a, b) => a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** `line:rule` strings, sorted, for a readable deepEqual. */
export function markerKeys(markers: readonly ExpectedMarker[]): string[] {
  return markers.map((m) => `${m.line}:${m.ruleId}`).sort();
}
