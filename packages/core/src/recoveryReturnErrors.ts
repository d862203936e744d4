/**
 * Why a trip to the recovery partner ("Connect with …", "Recover with …") failed, as the
 * `?recovery_error=` code the account service redirects back with. Pages show these messages and
 * never text from the address, so a crafted link cannot put its own words on our pages.
 */
export const recoveryReturnErrors = {
  denied: 'You did not allow it at the partner.',
  partner_error: 'The partner did not complete the request.',
  csrf_failed: 'That answer from the partner does not belong to this browser; start again.',
  expired: 'This connection attempt expired or was already used; start again.',
  unauthenticated: 'Your sign-in expired; sign in again and start over.',
  unavailable: 'The recovery partner cannot be reached right now; try again in a few minutes.',
  token_rejected: 'The partner’s answer could not be verified, or its token cannot recover this account.',
  token_used: 'That recovery token was already used to start a recovery, and a token works only once. Choose another token at the partner, or use another way below.',
  not_found: 'No recovery partner is configured.',
  conflict: 'This connection attempt does not match what you started; start again.',
  bad_request: 'The partner sent something this service cannot read.',
  rate_limited: 'Too many recovery attempts from this address; wait an hour and try again.',
  failed: 'Something went wrong; try again.',
} as const;

export type RecoveryReturnError = keyof typeof recoveryReturnErrors;

function isRecoveryReturnError(code: string): code is RecoveryReturnError {
  return Object.hasOwn(recoveryReturnErrors, code);
}

/** The code for an error code (an AppError's), `failed` for anything not in the list. */
export function recoveryReturnErrorOf(code: string): RecoveryReturnError {
  return isRecoveryReturnError(code) ? code : 'failed';
}

/** Our own words for a code from the address; anything else gets the generic message. */
export function recoveryReturnMessage(code: string): string {
  return recoveryReturnErrors[recoveryReturnErrorOf(code)];
}
