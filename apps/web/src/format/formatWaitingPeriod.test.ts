import { describe, expect, it } from 'vitest';
import { afterWaitingPeriod, formatWaitingPeriod } from './formatWaitingPeriod.ts';

describe('formatWaitingPeriod', () => {
  it('says hours, and days when the hours make whole days', () => {
    expect(formatWaitingPeriod(72)).toBe('72 hours (3 days)');
    expect(formatWaitingPeriod(24)).toBe('24 hours (1 day)');
    expect(formatWaitingPeriod(36)).toBe('36 hours');
    expect(formatWaitingPeriod(1)).toBe('1 hour');
    expect(formatWaitingPeriod(0.5)).toBe('0.5 hours');
    expect(formatWaitingPeriod(0)).toBe('no waiting period');
  });

  it('says when, after approval, as a phrase', () => {
    expect(afterWaitingPeriod(72)).toBe('after a waiting period of 72 hours (3 days)');
    expect(afterWaitingPeriod(0)).toBe('at once, with no waiting period');
    expect(afterWaitingPeriod(undefined)).toBe('after a waiting period');
  });
});
