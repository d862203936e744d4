/** A recovery needs a password entered at most this long ago (the countersign API checks it too). */
export const RECOVER_MAX_AUTH_AGE_MS = 5 * 60_000;

export interface SignInState {
  /** The partner user's last password sign-in (the session's authTime), or null if none. */
  authTime: Date | null;
  /** The user entered their password while this authorization request was open. */
  signedInDuringRequest: boolean;
  /** The client sent prompt=login. */
  promptLogin: boolean;
  /** The client's max_age, in seconds. */
  maxAgeSeconds: number | undefined;
  purpose: 'save' | 'recover';
  now: Date;
}

/**
 * Whether the user must enter their password before confirming: when not signed in; for
 * prompt=login unless they signed in during this request; when the sign-in is older than
 * max_age; and for a recovery when it is older than five minutes.
 */
export function needsSignIn(state: SignInState): boolean {
  if (!state.authTime) return true;
  if (state.signedInDuringRequest) return false;
  if (state.promptLogin) return true;
  const ageMs = state.now.getTime() - state.authTime.getTime();
  if (state.maxAgeSeconds !== undefined && ageMs > state.maxAgeSeconds * 1000) return true;
  if (state.purpose === 'recover' && ageMs > RECOVER_MAX_AUTH_AGE_MS) return true;
  return false;
}
