/**
 * The name formats Kubernetes validates (k8s.io/apimachinery/pkg/util/validation), the only copy in
 * the tool: patterns, predicates, and `...Problem` functions that say readably why a value is not of
 * the format (undefined when it is).
 */

/** The shape of a DNS-1123 label (IsDNS1123Label), without its 63-character limit. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The shape of a DNS-1123 subdomain (IsDNS1123Subdomain), without its 253-character limit. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The shape of a DNS-1035 label (IsDNS1035Label, the format of Service names), without its 63-character limit. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `value` is a DNS-1123 label: a namespace name, a label of a host name. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** Whether `value` is a DNS-1123 subdomain: the name of most objects (Deployments, Secrets...). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** Whether `value` is a DNS-1035 label: a Service name. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** A DNS-1123 label (IsDNS1123Label): at most 63 lowercase letters, digits and '-', alphanumeric at both ends. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return `${value.length} characters, at most 63 are allowed`;
  if (!DNS1123_LABEL.test(value)) return charactersProblem(value, "lowercase letters, digits and '-'", 'it must start and end with a letter or digit');
  return undefined;
}

/** A DNS-1123 subdomain (IsDNS1123Subdomain): dot-separated labels, at most 253 characters in all. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return `${value.length} characters, at most 253 are allowed`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return charactersProblem(value, "lowercase letters, digits, '-' and '.'", 'every dot-separated part must start and end with a letter or digit');
  }
  return undefined;
}

/**
 * An IANA service name (IsValidPortName, RFC 6335 5.1), the format of container port names and of a
 * targetPort given by name: at most 15 characters of [-a-z0-9], at least one letter, no '-' at
 * either end and no '--'.
 */
export function ianaServiceNameProblem(value: string): string | undefined {
  if (value.length === 0) return 'the name is empty';
  if (value.length > 15) return `${value.length} characters, at most 15 are allowed`;
  if (!/^[-a-z0-9]+$/.test(value)) return charactersProblem(value, "lowercase letters, digits and '-'", "only lowercase letters, digits and '-' are allowed");
  if (!/[a-z]/.test(value)) return 'it must contain at least one letter';
  if (value.startsWith('-') || value.endsWith('-')) return "it must not start or end with '-'";
  if (value.includes('--')) return "it must not contain '--'";
  return undefined;
}

/** Names the first offending character, or else states the shape rule the value breaks. */
function charactersProblem(value: string, allowed: string, shape: string): string {
  if (value.length === 0) return 'the name is empty';
  if (/[A-Z]/.test(value)) return 'upper-case letters are not allowed';
  const dotAllowed = allowed.includes("'.'");
  const bad = [...value].find((c) => !/[-a-z0-9.]/.test(c) || (c === '.' && !dotAllowed));
  if (bad !== undefined) return `'${bad}' is not allowed, only ${allowed}`;
  return shape;
}
