import { useEffect, useState } from 'react';
import { listSecurityLog } from '../api/listSecurityLog.ts';

/** Pages read at most: the log is newest first, so a 2FA turned on after a recovery sits near its top. */
const maxPages = 4;

/**
 * Whether two-factor authentication was turned on again after `since` (an approved recovery),
 * read from the security log: the "Your account was recovered" banner is news only until then,
 * and must not come back when 2FA is later turned off for another reason. `null` while unknown.
 */
export function useTurnedOnSince(since: string | null): boolean | null {
  const [answer, setAnswer] = useState<{ since: string; turnedOn: boolean } | null>(null);
  // 2FA is on: forget the last answer now, during this render, so that when 2FA is off again the
  // page waits for a fresh look instead of showing the banner for a render on an out-of-date one.
  if (since === null && answer !== null) setAnswer(null);

  useEffect(() => {
    if (since === null) return;
    const controller = new AbortController();
    const sinceTime = Date.parse(since);
    void (async () => {
      let cursor: string | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const { events, nextCursor } = await listSecurityLog({ limit: 100, signal: controller.signal, ...(cursor ? { cursor } : {}) });
        const newer = events.filter((event) => Date.parse(event.createdAt) > sinceTime);
        if (newer.some((event) => event.action === 'two_factor_authentication.enabled')) return setAnswer({ since, turnedOn: true });
        if (newer.length < events.length || nextCursor === null) return setAnswer({ since, turnedOn: false });
        cursor = nextCursor;
      }
      setAnswer({ since, turnedOn: false });
    })().catch(() => {
      // Unknown: the banner keeps showing, as it did before this check existed.
      if (!controller.signal.aborted) setAnswer({ since, turnedOn: false });
    });
    return () => controller.abort();
  }, [since]);

  if (since === null) return false;
  return answer?.since === since ? answer.turnedOn : null;
}
