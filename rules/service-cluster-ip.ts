import type { Rule } from '../src/lint/types.ts';
import type { Service } from '../src/model/types.ts';
import type { Path } from '../src/source/types.ts';
import { cidrContains, formatCidr, parseCidr, parseIp } from '../src/model/ip.ts';

/** Flags fixed cluster IPs the API server rejects: invalid, outside the service CIDR, reserved, or taken. */
export const rule: Rule = {
  meta: {
    id: 'service-cluster-ip',
    severity: 'error',
    description: 'A fixed clusterIP must be a valid address inside the service CIDR and used by one Service only.',
    messages: {
      invalid: 'clusterIP "{{ip}}" is not a valid IP address; use "None" for a headless Service, leave it out to have one allocated, or write an IPv4 or IPv6 address',
      outsideRange:
        'clusterIP "{{ip}}" is outside the service CIDR {{cidr}}, so the API server rejects it ("provided IP is not in the valid range"); pick an address inside {{cidr}}, or leave clusterIP out to have one allocated',
      reserved: 'clusterIP "{{ip}}" is the first address of the service CIDR {{cidr}}, which the API server gives to the "kubernetes" Service in "default"; pick another address',
      duplicate:
        'clusterIP "{{ip}}" is already used by {{other}}, so the API server rejects the second Service ("provided IP is already allocated"); pick another address, or leave clusterIP out to have one allocated',
      clusterIPsMismatch:
        'clusterIPs[0] "{{first}}" differs from clusterIP "{{ip}}", which the API server rejects; make clusterIPs[0] equal to clusterIP, or remove one of the two fields',
    },
    remediation:
      'Leave clusterIP out unless a fixed address is required (e.g. a DNS server). A fixed address must be inside the service CIDR (cluster.serviceCIDR in .kube-netlint.yaml) and not used by another Service.',
  },
  check(context) {
    // kube-apiserver --service-cluster-ip-range: one CIDR, or an IPv4 and an IPv6 one separated by a comma.
    const cidrs = (context.model.settings.serviceCIDR ?? '').split(',').flatMap((text) => parseCidr(text.trim()) ?? []);
    const claims = new Map<string, { service: Service; path: Path }>();
    context.each(context.model.services, (service) => {
      // An ExternalName Service has no cluster IP; service-external-name reports one that is set.
      if (service.type === 'ExternalName') return;
      const { object } = service;
      // Only a string clusterIPs[0] is compared; any other entry is the schema rule's finding.
      const first = service.clusterIPs[0]?.path.at(-1) === 0 ? service.clusterIPs[0] : undefined;
      if (service.clusterIP && first && first.value !== service.clusterIP) {
        context.report({ messageId: 'clusterIPsMismatch', data: { first: first.value, ip: service.clusterIP }, at: { object, path: first.path } });
      }
      for (const { ip, path } of fixedAddresses(service)) {
        const at = { object, path };
        const address = parseIp(ip);
        if (!address) {
          context.report({ messageId: 'invalid', data: { ip }, at });
          continue;
        }
        const sameFamily = cidrs.filter((c) => c.family === address.family);
        // Without a configured CIDR of this family the range is unknown: no range finding.
        if (sameFamily.length > 0 && !sameFamily.some((c) => cidrContains(c, address))) {
          context.report({ messageId: 'outsideRange', data: { ip, cidr: sameFamily.map(formatCidr).join(', ') }, at });
          continue;
        }
        const range = sameFamily.find((c) => c.start + 1n === address.value);
        if (range && !(object.namespace === 'default' && object.name === 'kubernetes')) {
          context.report({ messageId: 'reserved', data: { ip, cidr: formatCidr(range) }, at });
          continue;
        }
        const key = `${address.family}/${address.value}`;
        const claim = claims.get(key);
        if (!claim) {
          claims.set(key, { service, path });
          continue;
        }
        // The same Service twice (overlays, copies) is duplicate-object's finding.
        if (claim.service === service || (claim.service.object.namespace === object.namespace && claim.service.object.name === object.name)) continue;
        context.report({
          messageId: 'duplicate',
          data: { ip, other: `Service "${claim.service.object.name}" in namespace "${claim.service.object.namespace}"` },
          at,
          related: [{ at: { object: claim.service.object, path: claim.path }, message: `clusterIP "${ip}" is first used here` }],
        });
      }
    });
  },
};

/** The fixed addresses of a Service: clusterIP, and the other entries of clusterIPs (dual-stack). */
function fixedAddresses(service: Service): { ip: string; path: Path }[] {
  const fixed: { ip: string; path: Path }[] = [];
  const isFixed = (ip: string) => ip !== '' && ip !== 'None';
  if (service.clusterIP !== undefined && isFixed(service.clusterIP)) fixed.push({ ip: service.clusterIP, path: ['spec', 'clusterIP'] });
  for (const { value: ip, path } of service.clusterIPs) {
    if (isFixed(ip) && !fixed.some((f) => f.ip === ip)) fixed.push({ ip, path });
  }
  return fixed;
}

export default rule;
