/**
 * An exact-size copy of a list grown by `push`, which keeps room for 17 items however few it holds.
 * For lists a run keeps to its end by the hundred thousand (parsed values, per-workload views): at
 * 100,000 files that room was hundreds of megabytes (issue 14). An empty list is returned as it is.
 */
export function exactCopy<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}
