import { describe, expect, it } from 'vitest';
import { linkStatusLabel } from './labels';

describe('linkStatusLabel', () => {
  it('tells a completion the browser reported from one Mastercard confirmed', () => {
    expect(linkStatusLabel({ status: 'completed', webhookConfirmedAt: null })).toBe(
      'Completed (reported by the browser, not yet confirmed by Mastercard)',
    );
    expect(linkStatusLabel({ status: 'completed', webhookConfirmedAt: new Date() })).toBe(
      'Completed',
    );
    expect(linkStatusLabel({ status: 'in_progress', webhookConfirmedAt: null })).toBe(
      'In progress',
    );
  });
});
