import { isApiError } from '../api/ApiError.ts';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';

/**
 * What to show after a settings action failed, or null when there is nothing to say: a
 * cancelled "Confirm access" is the user's own choice, not an error.
 */
export function actionErrorMessage(error: unknown): string | null {
  if (isSudoCancelled(error)) return null;
  if (isApiError(error)) return error.message;
  return 'Something went wrong. Try again.';
}
