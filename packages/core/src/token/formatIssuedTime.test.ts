import { describe, expect, it } from 'vitest';
import { formatIssuedTime } from './formatIssuedTime.ts';
import { parseIssuedTime } from './parseIssuedTime.ts';
import { expectAppError } from './testFixtures.ts';

describe('formatIssuedTime', () => {
  it('writes UTC with whole seconds', () => {
    expect(formatIssuedTime(new Date(Date.UTC(2026, 10, 28, 1, 2, 3, 999)))).toBe('2026-11-28T01:02:03Z');
    expect(formatIssuedTime(new Date('2026-11-28T01:02:03+05:30'))).toBe('2026-11-27T19:32:03Z');
  });

  it('gives a string parseIssuedTime reads back', () => {
    const date = new Date(Date.UTC(2030, 0, 1, 0, 0, 0));
    expect(parseIssuedTime(formatIssuedTime(date)).getTime()).toBe(date.getTime());
  });

  it('refuses invalid dates and years RFC 3339 cannot write', () => {
    expectAppError(() => formatIssuedTime(new Date(Number.NaN)), 'bad_request');
    expectAppError(() => formatIssuedTime(new Date('+010000-01-01T00:00:00Z')), 'bad_request');
    expectAppError(() => formatIssuedTime(new Date('-000001-01-01T00:00:00Z')), 'bad_request');
    expectAppError(() => formatIssuedTime('2026' as unknown as Date), 'bad_request');
  });
});
