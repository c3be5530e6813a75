/**
 * Address ranges (`AddressRange` of ip.ts, of which a parsed CIDR is one): what an ipBlock's `cidr`
 * and `except` denote, and the disjoint pieces the connectivity matrix cuts the address space outside
 * the cluster into.
 */

import { formatIp, parseCidr, parseIp, rangeContains, rangesOverlap, type AddressRange, type IpFamily } from '../model/ip.ts';

export { rangeContains, rangesOverlap };
export type { AddressRange, IpFamily };

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** The whole address space of a family. */
export function familyRange(family: IpFamily): AddressRange {
  return { family, start: 0n, end: (1n << BigInt(BITS[family])) - 1n };
}

/** A CIDR, or a single address as a one-address range. */
export function parseCidrOrAddress(text: string): AddressRange | undefined {
  if (text.includes('/')) return parseCidr(text);
  const address = parseIp(text);
  return address ? { family: address.family, start: address.value, end: address.value } : undefined;
}

/** Orders by family (IPv4 first), then start. */
export function compareRanges(a: AddressRange, b: AddressRange): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

/** `a.b.c.d-e.f.g.h` (IPv6 likewise), the matrix's name for a range. */
export function formatRange(range: AddressRange): string {
  return `${formatIp({ family: range.family, value: range.start })}-${formatIp({ family: range.family, value: range.end })}`;
}

/**
 * Cuts the whole IPv4 and IPv6 address spaces into disjoint, sorted ranges such that every given
 * range (each ipBlock `cidr` and `except`) is a union of pieces: any piece lies wholly inside or
 * wholly outside each of them.
 */
export function cutAddressSpace(ranges: readonly AddressRange[]): AddressRange[] {
  const pieces: AddressRange[] = [];
  for (const family of [4, 6] as const) {
    const whole = familyRange(family);
    const cuts = new Set<bigint>([whole.start]);
    for (const range of ranges) {
      if (range.family !== family) continue;
      cuts.add(range.start);
      if (range.end < whole.end) cuts.add(range.end + 1n);
    }
    const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    starts.forEach((start, i) => pieces.push({ family, start, end: i + 1 < starts.length ? starts[i + 1]! - 1n : whole.end }));
  }
  return pieces;
}
