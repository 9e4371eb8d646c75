import { BlockList, isIP } from 'node:net';

/**
 * Which hop of a request is the client. The socket's peer is the client unless it is one of the
 * configured trusted proxies (`TRUSTED_PROXIES`: IPs and CIDRs); then the forwarded chain is read
 * from the right, skipping trusted proxies, and the first hop not in the list is the client. Hops
 * further left were written by that client and prove nothing. Pure: used by the entry server
 * (scripts/server.ts) and validated by the env schema.
 */

export interface TrustedProxies {
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is `127.0.0.1`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed.replace(/^\[(.*)\]$/, '$1');
}

/** Splits a `TRUSTED_PROXIES` value (commas or spaces); returns the entries that are not IPs/CIDRs. */
export function invalidProxyEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => parseEntry(entry) === null);
}

export function splitProxyList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function parseEntry(
  entry: string,
): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | null {
  const [rawAddress, rawPrefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !rawAddress) return null;
  const address = normalizeAddress(rawAddress);
  const version = isIP(address);
  if (version === 0) return null;
  const type = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (rawPrefix === undefined) return { address, prefix: max, type };
  if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > max) return null;
  return { address, prefix: Number(rawPrefix), type };
}

export function createTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (!parsed) throw new Error(`TRUSTED_PROXIES: not an IP address or CIDR: ${entry}`);
    list.addSubnet(parsed.address, parsed.prefix, parsed.type);
  }
  return {
    entries: [...entries],
    has(address) {
      const normalized = normalizeAddress(address);
      const version = isIP(normalized);
      if (version === 0 || entries.length === 0) return false;
      return list.check(normalized, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the right-most
 * forwarded hop that is not one. A hop that is not an IP address ends the walk at the last address
 * known to be real (the proxy that forwarded it), so garbage never becomes a throttling key.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  let client = normalizeAddress(socketAddress ?? '') || 'unknown';
  if (!trusted.has(client) || forwardedFor === undefined) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => normalizeAddress(hop))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}
