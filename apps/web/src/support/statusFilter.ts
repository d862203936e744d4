import type { RecoveryRequestStatus } from '../api/RecoveryRequestStatus.ts';

export type StatusFilter = RecoveryRequestStatus | 'all';

export const statusFilterOptions: ReadonlyArray<{ value: StatusFilter; label: string }> = [
  { value: 'pending', label: 'Pending' },
  { value: 'approved', label: 'Approved' },
  { value: 'completed', label: 'Completed' },
  { value: 'declined', label: 'Declined' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'all', label: 'All' },
];

/** `?status=` from the address; anything unknown shows what needs attention: pending requests. */
export function parseStatusFilter(value: string | null): StatusFilter {
  return statusFilterOptions.find((option) => option.value === value)?.value ?? 'pending';
}

export function statusLabel(status: RecoveryRequestStatus): string {
  return statusFilterOptions.find((option) => option.value === status)?.label ?? status;
}
