import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, route } from '../test/mockFetch.ts';
import { serveRoutes } from '../test/serveRoutes.ts';
import { useTurnedOnSince } from './useTurnedOnSince.ts';

const recoveredAt = '2025-03-04T05:06:07.000Z';

/** A security log, newest first, that the test writes to as the account changes. */
function serveLog() {
  const events: Array<{ action: string; createdAt: string }> = [];
  const served = serveRoutes({
    'GET /api/security-log': () =>
      json(200, {
        events: events.map((event, index) => ({ id: `ev${index}`, description: event.action, ip: '127.0.0.1', userAgent: 'test', actor: null, data: {}, ...event })),
        nextCursor: null,
      }),
  });
  return { ...served, log: (action: string, createdAt: string) => events.unshift({ action, createdAt }) };
}

/** Every value the hook returned, render by render: a stale answer shown for one render counts. */
function renderTurnedOnSince(since: string | null) {
  const seen: Array<boolean | null> = [];
  const hook = renderHook(
    ({ since: current }: { since: string | null }) => {
      const answer = useTurnedOnSince(current);
      seen.push(answer);
      return answer;
    },
    { initialProps: { since } },
  );
  return { ...hook, seen };
}

describe('useTurnedOnSince', () => {
  it('is false without a recovery, and asks nothing', () => {
    const { requests } = serveLog();
    const { result } = renderTurnedOnSince(null);
    expect(result.current).toBe(false);
    expect(requests).toHaveLength(0);
  });

  it('is unknown until the log is read, then says whether 2FA was turned on after the recovery', async () => {
    const { log } = serveLog();
    log('two_factor_authentication.enabled', '2025-03-01T00:00:00.000Z');
    const { result, seen } = renderTurnedOnSince(recoveredAt);
    await waitFor(() => expect(result.current).toBe(false));
    expect(seen[0]).toBeNull();
  });

  it('never shows the last answer once 2FA was on in between: it waits for a fresh look', async () => {
    const { requests, log } = serveLog();
    const { result, seen, rerender } = renderTurnedOnSince(recoveredAt);
    await waitFor(() => expect(result.current).toBe(false));

    // 2FA turned on again, then off: the page passes null while it is on.
    rerender({ since: null });
    log('two_factor_authentication.enabled', '2025-06-01T00:00:00.000Z');
    log('two_factor_authentication.disabled', '2025-06-02T00:00:00.000Z');
    const before = seen.length;
    rerender({ since: recoveredAt });
    await waitFor(() => expect(result.current).toBe(true));

    expect(seen.slice(before)).not.toContain(false);
    expect(requests.filter((request) => route(request) === 'GET /api/security-log')).toHaveLength(2);
  });
});
