import { AppError } from '@recovery/core/errors';

/** How long a client is asked to wait before trying the partner again. */
export const partnerRetryAfterSeconds = 60;

/**
 * The partner could not be reached (refused, timed out, reset) or failed on its side: an
 * expected condition, answered 503 with Retry-After and logged as a warning, not as our bug.
 */
export function partnerUnreachable(cause?: unknown, message = 'The recovery partner cannot be reached right now; try again in a few minutes'): AppError {
  return new AppError('unavailable', message, { retryAfter: partnerRetryAfterSeconds, ...(cause === undefined ? {} : { cause }) });
}
