/**
 * IPv4/IPv6 addresses and CIDR blocks as big integers, for Service cluster IPs, load balancer source
 * ranges and NetworkPolicy ipBlocks. Parsing is strict, as Kubernetes validates addresses (Go's
 * net.ParseIP): no leading zeros in IPv4 octets, no IPv6 zone (`%eth0`). An IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.1`) is an IPv6 address here; it is never contained in an IPv4 block.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  readonly value: bigint;
}

/** An inclusive range of addresses of one family (a CIDR block, a single address, a piece of the address space). */
export interface AddressRange {
  readonly family: IpFamily;
  /** The first address. */
  readonly start: bigint;
  /** The last address. */
  readonly end: bigint;
}

/** A CIDR block: the range from the address with its host bits cleared to the one with them set. */
export interface Cidr extends AddressRange {
  readonly prefix: number;
  /** True when the written address had host bits set (`10.0.0.1/24`); Kubernetes masks them. */
  readonly hostBitsSet: boolean;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0n;
  for (const octet of match.slice(1)) {
    if (octet.length > 1 && octet.startsWith('0')) return undefined;
    const number = Number(octet);
    if (number > 255) return undefined;
    value = (value << 8n) | BigInt(number);
  }
  return value;
}

/** The 16-bit groups of one side of `::`; an embedded IPv4 address counts as two groups. */
function ipv6Groups(text: string, allowIpv4Tail: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (allowIpv4Tail && index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const head = ipv6Groups(halves[0]!, false);
    const tail = ipv6Groups(halves[1]!, true);
    // `::` stands for at least one zero group.
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = ipv6Groups(text, true);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** Parses `address/prefix` (IPv4 or IPv6); undefined when it is not a CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = BITS[address.family];
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const start = address.value & ~hostMask;
  return { family: address.family, start, end: start | hostMask, prefix, hostBitsSet: (address.value & hostMask) !== 0n };
}

function asIp(ip: IpAddress | string): IpAddress | undefined {
  return typeof ip === 'string' ? parseIp(ip) : ip;
}

function asCidr(cidr: Cidr | string): Cidr | undefined {
  return typeof cidr === 'string' ? parseCidr(cidr) : cidr;
}

/** Whether the block contains the address; false for different families or unparseable input. */
export function cidrContains(cidr: Cidr | string, ip: IpAddress | string): boolean {
  const block = asCidr(cidr);
  const address = asIp(ip);
  return !!block && !!address && rangeContains(block, { family: address.family, start: address.value, end: address.value });
}

/** Whether `outer` contains every address of `inner`; false for different families or unparseable input. */
export function cidrContainsCidr(outer: Cidr | string, inner: Cidr | string): boolean {
  const a = asCidr(outer);
  const b = asCidr(inner);
  return !!a && !!b && rangeContains(a, b);
}

/** Whether `inner` lies wholly inside `outer` (never across families). */
export function rangeContains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
}

/** Whether the two ranges share an address. */
export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

/** Prints an address canonically: dotted IPv4, or IPv6 as RFC 5952 (lower case, longest zero run as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((ip.value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed (RFC 5952 4.2.2)
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Prints a block canonically (`10.0.0.0/8`), with its host bits cleared. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.start })}/${cidr.prefix}`;
}
