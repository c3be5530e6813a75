/**
 * Finds what looks like a Service's DNS name in a string (an env value, an argument, a ConfigMap
 * entry): `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<cluster-domain>` (and `pod.svc.ns.svc...`),
 * with an optional `:port`, alone or inside a URL. Pure text work: whether a candidate is a reference
 * (does the Service exist?) is the caller's decision, with the model.
 */

import { isDns1035Label, isDns1123Label } from '../model/names.ts';

/** How the name was written; `bare` and `namespaced` are only references when the model says so. */
export type ReferenceForm = 'bare' | 'namespaced' | 'svc' | 'fqdn';

export interface ServiceReference {
  /** The host and port as written (`redis.data:6379`), without a trailing dot. */
  readonly text: string;
  /** Offsets of `text` in the scanned string. */
  readonly start: number;
  readonly end: number;
  readonly service: string;
  /** Absent for a bare name: the namespace of the referencing object. */
  readonly namespace?: string;
  readonly form: ReferenceForm;
  /** The port written after the host, or the default port of the URL's scheme. */
  readonly port?: number;
  /** The URL scheme whose default port `port` is, when no port was written. */
  readonly defaultPortOf?: string;
}

/** Default ports of URL schemes whose clients connect to a fixed port when none is written. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  redis: 6379,
  rediss: 6379,
  amqp: 5672,
  amqps: 5671,
  mongodb: 27017,
  nats: 4222,
};

/** Characters that may stand right before a host: separators, quotes, `=` of `--flag=host`, `@` of userinfo. */
const BEFORE = /[\s"'`=,;([{<>@|]/;
/** Characters that may follow a host (or its port). */
const AFTER = /[\s"'`,;)\]}>/?#]/;
/** What ends userinfo (`user:pw@`) going backward, and what a URL scheme is made of (RFC 3986: a letter, then letters, digits, `+`, `.`, `-`). */
const USERINFO_END = /[\s/@]/;
const SCHEME_CHAR = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
/** Character codes of `.`, `:`, `/` and `@`. */
const DOT = 46;
const COLON = 58;
const SLASH = 47;
const AT = 64;

/** Every candidate Service name in `value`, in order. `clusterDomain` is e.g. `cluster.local`. */
export function findServiceReferences(value: string, clusterDomain: string): ServiceReference[] {
  const out: ServiceReference[] = [];
  const suffix = fqdnSuffix(clusterDomain);
  const length = value.length;
  // Runs of host characters ([A-Za-z0-9_.-]+), scanned by hand: this runs on every env value and argument.
  let index = 0;
  while (index < length) {
    if (!isHostChar(value.charCodeAt(index))) {
      index++;
      continue;
    }
    const start = index;
    while (index < length && isHostChar(value.charCodeAt(index))) index++;
    const afterRun = index;
    if (!startsToken(value, start)) continue;
    const trailingDot = value.charCodeAt(afterRun - 1) === DOT;
    let end = trailingDot ? afterRun - 1 : afterRun;
    let port: number | undefined;
    if (value.charCodeAt(afterRun) === COLON) {
      // `:port` (then a separator); `redis:latest` or `a:b` is not a host.
      let digitsEnd = afterRun + 1;
      while (digitsEnd < length && digitsEnd - afterRun <= 5 && isDigit(value.charCodeAt(digitsEnd))) digitsEnd++;
      if (digitsEnd === afterRun + 1 || trailingDot || !endsToken(value, digitsEnd)) continue;
      port = Number(value.slice(afterRun + 1, digitsEnd));
      if (port < 1 || port > 65535) continue;
      end = digitsEnd;
    } else if (!endsToken(value, afterRun)) {
      continue;
    }
    const host = trailingDot ? value.slice(start, afterRun - 1) : value.slice(start, afterRun);
    const target = classify(host.split('.'), suffix);
    if (!target) continue;
    // `scheme://host` or `scheme://user@host`: only then can the text before the host name a scheme.
    const before = value.charCodeAt(start - 1);
    const scheme = before === SLASH || before === AT ? schemeBefore(value, start) : undefined;
    const defaultPort = port === undefined && scheme ? DEFAULT_PORTS[scheme] : undefined;
    out.push({
      text: value.slice(start, end),
      start,
      end,
      ...target,
      ...(port !== undefined ? { port } : defaultPort !== undefined ? { port: defaultPort, defaultPortOf: scheme! } : {}),
    });
  }
  return out;
}

/**
 * The scheme (lower-case) of `scheme://` or `scheme://userinfo@` ending right before `start`, as the
 * pattern `([a-z][a-z0-9+.-]*):\/\/(?:[^\s/@]*@)?$` (case-insensitive) finds it in the text before
 * `start`. Read backward over the URL's own characters: matching the pattern against the whole text
 * before each host took time in the length of the text for every URL of it, quadratic over a large
 * ConfigMap value full of URLs.
 */
export function schemeBefore(value: string, start: number): string | undefined {
  // The second slash of `://`: right before the host, or before the userinfo, which holds no space, `/` or `@`.
  let slash = start - 1;
  if (value.charCodeAt(slash) === AT) {
    slash--;
    while (slash >= 0 && !USERINFO_END.test(value[slash]!)) slash--;
  }
  if (slash < 2 || value.charCodeAt(slash) !== SLASH || value.charCodeAt(slash - 1) !== SLASH || value.charCodeAt(slash - 2) !== COLON) return undefined;
  const colon = slash - 2;
  // The longest run of scheme characters before the colon, from its first letter (the pattern's leftmost match).
  let first = colon;
  while (first > 0 && SCHEME_CHAR.test(value[first - 1]!)) first--;
  while (first < colon && !LETTER.test(value[first]!)) first++;
  return first < colon ? value.slice(first, colon).toLowerCase() : undefined;
}

let lastSuffix: { readonly clusterDomain: string; readonly labels: readonly string[] } | undefined;

/** `svc` and the labels of the cluster domain: how a fully qualified Service name ends. */
function fqdnSuffix(clusterDomain: string): readonly string[] {
  if (lastSuffix?.clusterDomain !== clusterDomain) lastSuffix = { clusterDomain, labels: ['svc', ...clusterDomain.toLowerCase().split('.').filter((l) => l !== '')] };
  return lastSuffix.labels;
}

function isHostChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function startsToken(value: string, start: number): boolean {
  if (start === 0) return true;
  const before = value[start - 1]!;
  // `scheme://host`: a slash counts only as the second of `//`.
  if (before === '/') return value[start - 2] === '/';
  return BEFORE.test(before);
}

function endsToken(value: string, index: number): boolean {
  return index >= value.length || AFTER.test(value[index]!);
}

/** `suffix` is `svc` and the cluster domain's labels. */
function classify(labels: string[], suffix: readonly string[]): Pick<ServiceReference, 'service' | 'namespace' | 'form'> | undefined {
  for (const label of labels) if (!isDns1123Label(label)) return undefined;
  const fqdn = labels.length > suffix.length && suffix.every((l, i) => labels[labels.length - suffix.length + i] === l);
  const svc = !fqdn && labels[labels.length - 1] === 'svc';
  if (fqdn || svc) {
    // `svc.ns` or `pod.svc.ns` (a StatefulSet pod's name) before `.svc`.
    const before = labels.slice(0, labels.length - (fqdn ? suffix.length : 1));
    if (before.length < 2 || before.length > 3) return undefined;
    return named(before[before.length - 2]!, before[before.length - 1]!, fqdn ? 'fqdn' : 'svc');
  }
  if (labels.length === 2) return named(labels[0]!, labels[1]!, 'namespaced');
  if (labels.length === 1) return named(labels[0]!, undefined, 'bare');
  return undefined;
}

function named(service: string, namespace: string | undefined, form: ReferenceForm): Pick<ServiceReference, 'service' | 'namespace' | 'form'> | undefined {
  // A Service name is a DNS-1035 label: it starts with a letter.
  return isDns1035Label(service) ? { service, ...(namespace !== undefined ? { namespace } : {}), form } : undefined;
}
