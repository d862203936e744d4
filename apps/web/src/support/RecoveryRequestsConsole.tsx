import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { RecoveryRequestView } from '@recovery/core/api/index';
import { listRecoveryRequests } from '../api/listRecoveryRequests.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { SelectField } from '../forms/SelectField.tsx';
import { LoadingStatus } from '../routes/LoadingStatus.tsx';
import { RecoveryRequestItem } from './RecoveryRequestItem.tsx';
import { parseStatusFilter, statusFilterOptions, type StatusFilter } from './statusFilter.ts';
import { VerifyTokenForm } from './VerifyTokenForm.tsx';

interface Loaded {
  filter: StatusFilter;
  requests: RecoveryRequestView[];
}

/**
 * Counts only what matches the filter: a request decided here stays in view (with its outcome)
 * until the list is loaded again, but is no longer counted as, say, pending.
 */
function countText(requests: readonly RecoveryRequestView[], filter: StatusFilter): string {
  const which = filter === 'all' ? '' : `${statusFilterOptions.find((option) => option.value === filter)?.label.toLowerCase() ?? filter} `;
  const count = requests.filter((request) => filter === 'all' || request.status === filter).length;
  const decided = requests.length - count;
  const counted = count === 0 ? `No ${which}recovery requests.` : `${count} ${which}recovery ${count === 1 ? 'request' : 'requests'}.`;
  return decided === 0 ? counted : `${counted} ${decided} decided here since the list was loaded ${decided === 1 ? 'is' : 'are'} still shown.`;
}

/** The requests, filtered by status (`?status=`, pending by default), and the paste-a-token form. */
export function RecoveryRequestsConsole() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = parseStatusFilter(searchParams.get('status'));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    listRecoveryRequests({ status: filter === 'all' ? undefined : filter, signal: controller.signal }).then(
      (requests) => setLoaded({ filter, requests }),
      (cause: unknown) => {
        if (!controller.signal.aborted) setError(actionErrorMessage(cause) ?? 'Could not load the recovery requests.');
      },
    );
    return () => controller.abort();
  }, [filter]);

  function handleFilter(value: string) {
    setSearchParams(value === 'pending' ? {} : { status: value }, { replace: true });
  }

  function handleChanged(changed: RecoveryRequestView) {
    // A decided request stays in view with its new status until the list is loaded again.
    setLoaded((previous) =>
      // The decision endpoints answer without the context; the one loaded with the list stays.
      previous
        ? { ...previous, requests: previous.requests.map((existing) => (existing.id === changed.id ? { ...changed, context: changed.context ?? existing.context } : existing)) }
        : previous,
    );
  }

  const current = loaded !== null && loaded.filter === filter ? loaded : null;

  return (
    <>
      <div className="filter-bar">
        <SelectField
          name="status"
          label="Status"
          options={statusFilterOptions.filter((option) => option.value !== 'all')}
          placeholder="All"
          value={filter === 'all' ? '' : filter}
          onChange={(value) => handleFilter(value === '' ? 'all' : value)}
          required={false}
        />
      </div>
      <FormAlert message={error} />
      {current === null && error === null ? <LoadingStatus label="Loading recovery requests…" /> : null}
      <p role="status" className="muted">
        {current !== null ? countText(current.requests, filter) : ''}
      </p>
      {current !== null
        ? current.requests.map((request) => <RecoveryRequestItem key={request.id} request={request} onChanged={handleChanged} />)
        : null}
      <VerifyTokenForm />
    </>
  );
}
