import { AppError } from '../errors.ts';

/** RFC 3339 in UTC with whole seconds, e.g. `2026-11-28T01:02:03Z`. */
export function formatIssuedTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new AppError('bad_request', 'issued time must be a valid date');
  }
  const year = date.getUTCFullYear();
  // RFC 3339 has only four-digit years; toISOString would emit an expanded "+012345" form.
  if (year < 0 || year > 9999) {
    throw new AppError('bad_request', 'issued time must fall in the years 0000 to 9999');
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}
