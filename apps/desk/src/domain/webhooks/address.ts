/**
 * SSRF guard for webhook endpoints: only http and https; the host is resolved once and every
 * address it resolves to must be public (not loopback, private, link-local, ULA, unspecified,
 * multicast, CGNAT or reserved; IPv4 and IPv6, IPv4-mapped included) unless the host is in the
 * admins' allow-list (WEBHOOK_ALLOW_HOSTS). The request then connects to that very address, so
 * a second DNS answer cannot point it elsewhere (no rebinding window).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { InvalidError } from '../errors.ts';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible
  ['64:ff9b::', 96], // NAT64: may reach any IPv4 address, private ones included
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, `::ffff:7f00:1`) as its IPv4 address. */
function mappedV4(address: string): string | undefined {
  const a = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1] as string, 16);
  const lo = Number.parseInt(hex[2] as string, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Whether an IP address may not be the target of a webhook. */
export function isForbiddenAddress(address: string): boolean {
  const v4 = isIP(address) === 6 ? mappedV4(address) : undefined;
  if (v4) return blocked.check(v4, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host part of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Checks an endpoint's form (on create and update): a clear 422 for what can never be called. */
export function checkEndpoint(endpoint: unknown, allowHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(String(endpoint ?? ''));
  } catch {
    throw new InvalidError(`Invalid endpoint: ${JSON.stringify(endpoint ?? null)} is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidError(`Invalid endpoint: only http and https URLs are allowed, not ${url.protocol}`);
  if (url.username || url.password)
    throw new InvalidError(
      'Invalid endpoint: put credentials in basic_auth_username/password, not in the URL.',
    );
  const host = hostOf(url);
  if (isIP(host) && isForbiddenAddress(host) && !allowHosts.includes(host))
    throw new InvalidError(
      `Invalid endpoint: ${host} is a private, loopback or reserved address; an admin must allow it (WEBHOOK_ALLOW_HOSTS).`,
    );
  return url;
}

export class RefusedTarget extends Error {}

/** Resolves the endpoint's host to the address to connect to, refusing forbidden targets. */
export async function resolveTarget(
  url: URL,
  allowHosts: readonly string[],
): Promise<{ address: string; family: 4 | 6 }> {
  const host = hostOf(url);
  const allowed = allowHosts.includes(host);
  const found = isIP(host)
    ? [{ address: host, family: isIP(host) as 4 | 6 }]
    : ((await lookup(host, { all: true, verbatim: true })) as { address: string; family: 4 | 6 }[]);
  if (found.length === 0) throw new RefusedTarget(`${host} does not resolve`);
  if (!allowed) {
    const bad = found.find((f) => isForbiddenAddress(f.address));
    if (bad)
      throw new RefusedTarget(
        `refused: ${host} resolves to ${bad.address}, a private, loopback or reserved address (not in WEBHOOK_ALLOW_HOSTS)`,
      );
  }
  return found[0] as { address: string; family: 4 | 6 };
}
