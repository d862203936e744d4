import { useCallback, useEffect, useState } from 'react';
import type { SecurityEventView } from '@recovery/core/api/index';
import { isApiError } from '../api/ApiError.ts';
import { listSecurityLog } from '../api/listSecurityLog.ts';
import { securityLogExportUrl } from '../api/securityLogExportUrl.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { LoadingStatus } from '../routes/LoadingStatus.tsx';
import { useSession } from '../session/useSession.ts';
import { SecurityEventRow } from './SecurityEventRow.tsx';
import { PageTitle } from '../layout/PageTitle.tsx';

interface LogState {
  events: SecurityEventView[];
  nextCursor: string | null;
  loaded: boolean;
}

export function SecurityLogPage() {
  const session = useSession();
  const { refresh } = session;
  const [log, setLog] = useState<LogState>({ events: [], nextCursor: null, loaded: false });
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const handleError = useCallback(
    (cause: unknown) => {
      // An expired session: reloading it sends the visitor to sign in.
      if (isApiError(cause, 'unauthenticated')) {
        refresh().catch(() => {});
        return;
      }
      setError(isApiError(cause) ? cause.message : 'Could not load the security log. Try again.');
    },
    [refresh],
  );

  useEffect(() => {
    const controller = new AbortController();
    listSecurityLog({ signal: controller.signal }).then(
      (page) => setLog({ events: page.events, nextCursor: page.nextCursor, loaded: true }),
      (cause: unknown) => {
        if (!controller.signal.aborted) handleError(cause);
      },
    );
    return () => controller.abort();
  }, [handleError]);

  async function loadMore() {
    if (log.nextCursor === null || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await listSecurityLog({ cursor: log.nextCursor });
      setLog((previous) => {
        // Events recorded between pages can shift a boundary; never list one twice.
        const seen = new Set(previous.events.map((event) => event.id));
        return {
          events: [...previous.events, ...page.events.filter((event) => !seen.has(event.id))],
          nextCursor: page.nextCursor,
          loaded: true,
        };
      });
    } catch (cause) {
      handleError(cause);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      <PageTitle>Security log</PageTitle>
      <PageHeading>Security log</PageHeading>
      <p className="export-links">
        <a href={securityLogExportUrl('json')} download>
          Export as JSON
        </a>
        <a href={securityLogExportUrl('csv')} download>
          Export as CSV
        </a>
      </p>

      {error ? (
        <div role="alert" className="form-alert">
          {error}
        </div>
      ) : null}

      {!log.loaded && !error ? <LoadingStatus label="Loading security events…" /> : null}

      {log.loaded && log.events.length === 0 ? <p>No security events yet.</p> : null}

      {log.events.length > 0 ? (
        // Explicit roles keep the table announced as one when narrow screens restyle it as blocks.
        <table className="security-log" role="table">
          <caption className="visually-hidden">Security events, newest first</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">
                Time
              </th>
              <th scope="col" role="columnheader">
                Event
              </th>
              <th scope="col" role="columnheader">
                Client address
              </th>
              <th scope="col" role="columnheader">
                Browser
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {log.events.map((event) => (
              <SecurityEventRow key={event.id} event={event} currentUsername={session.user?.username ?? ''} />
            ))}
          </tbody>
        </table>
      ) : null}

      {log.nextCursor !== null ? (
        <p>
          {/* aria-disabled rather than disabled: a disabled button drops keyboard focus to the page top. */}
          <button type="button" onClick={loadMore} aria-disabled={loadingMore}>
            Load more
          </button>
        </p>
      ) : null}
      {loadingMore ? <LoadingStatus label="Loading more events…" /> : null}
    </>
  );
}
