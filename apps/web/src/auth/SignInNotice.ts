/** History state another page leaves for the sign-in page to announce (after a password reset). */
export interface SignInNotice {
  notice: string;
}

export function signInNoticeOf(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return null;
  const { notice } = state as { notice: unknown };
  return typeof notice === 'string' && notice !== '' ? notice : null;
}
