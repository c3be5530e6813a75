/** `1 file`, `2 files`: a count and its noun (English, regular plural). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
