import { describe, expect, it } from 'vitest';
import {
  createTrustedProxies,
  invalidProxyEntries,
  resolveClientAddress,
  splitProxyList,
} from './trusted-proxies';

const none = createTrustedProxies([]);
const proxies = createTrustedProxies(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);

describe('resolveClientAddress', () => {
  it('takes the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', none)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:127.0.0.1', '1.2.3.4, 5.6.7.8', none)).toBe('127.0.0.1');
    expect(resolveClientAddress(undefined, undefined, none)).toBe('unknown');
  });

  it('ignores X-Forwarded-For from a socket that is not a trusted proxy', () => {
    expect(resolveClientAddress('203.0.113.9', '10.0.0.1', proxies)).toBe('203.0.113.9');
  });

  it('takes the right-most hop that is not a trusted proxy', () => {
    expect(resolveClientAddress('10.1.2.3', '203.0.113.7', proxies)).toBe('203.0.113.7');
    // A client that sends its own X-Forwarded-For only adds hops to the left of its real address.
    expect(resolveClientAddress('10.1.2.3', '198.51.100.1, 203.0.113.7', proxies)).toBe(
      '203.0.113.7',
    );
    // Two trusted proxies in a row.
    expect(
      resolveClientAddress('::ffff:10.1.2.3', '198.51.100.1, 203.0.113.7, 192.168.1.5', proxies),
    ).toBe('203.0.113.7');
    expect(resolveClientAddress('fd00::1', ['2001:db8::1', 'fd00::2'], proxies)).toBe(
      '2001:db8::1',
    );
  });

  it('falls back to the last real address when the chain is all proxies, empty or garbage', () => {
    expect(resolveClientAddress('10.1.2.3', '10.9.9.9', proxies)).toBe('10.9.9.9');
    expect(resolveClientAddress('10.1.2.3', '', proxies)).toBe('10.1.2.3');
    expect(resolveClientAddress('10.1.2.3', undefined, proxies)).toBe('10.1.2.3');
    expect(resolveClientAddress('10.1.2.3', 'evil, 10.9.9.9', proxies)).toBe('10.9.9.9');
  });
});

describe('TRUSTED_PROXIES entries', () => {
  it('accepts IPv4 and IPv6 addresses and CIDRs, separated by commas or spaces', () => {
    const entries = splitProxyList('127.0.0.1, 10.0.0.0/8  ::1,fd00::/8');
    expect(entries).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(invalidProxyEntries(entries)).toEqual([]);
  });

  it('names the entries that are not addresses', () => {
    expect(invalidProxyEntries(['10.0.0.0/33', 'localhost', '10.0.0.1/8/1', '::1/129'])).toEqual([
      '10.0.0.0/33',
      'localhost',
      '10.0.0.1/8/1',
      '::1/129',
    ]);
  });
});
