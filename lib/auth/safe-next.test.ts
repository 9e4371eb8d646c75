import { describe, expect, it } from 'vitest';
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from './safe-next';

const ORIGIN = 'http://127.0.0.1:3000';

describe('safeNextPath', () => {
  it('follows paths on the portal, with their query and fragment', () => {
    expect(safeNextPath('/staff/events', ORIGIN)).toBe('/staff/events');
    expect(safeNextPath('/staff/customers?q=jane%20doe#top', ORIGIN)).toBe(
      '/staff/customers?q=jane%20doe#top',
    );
    expect(safeNextPath('/staff/../staff/team', ORIGIN)).toBe('/staff/team');
  });

  it.each([
    '//x',
    '/\\x',
    '\\\\x',
    '/%2F%2Fx',
    '/%2f%2fx',
    '//%2Fx',
    '/%5Cx',
    '/%5cx',
    '/%09/x',
    '/\t/x',
    '/\n/x',
    '/.//x',
    '/%2E//x',
    '/%E0%A4%A',
    'https://x',
    'http://127.0.0.1:3001/staff',
    'javascript:',
    'javascript:alert(1)',
    'staff',
    '',
  ])('refuses %j', (next) => {
    expect(safeNextPath(next, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it('goes to the staff area when there is no next', () => {
    expect(safeNextPath(undefined, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(null, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});
