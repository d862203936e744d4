import { safeReturnTo } from '@recovery/core/safeReturnTo';

export const defaultReturnPath = '/settings/security';

const probeOrigin = 'https://return-to.invalid';

/**
 * `return_to` comes from the address bar, so anyone can craft it: only a path on this site is
 * followed (safeReturnTo, the rule every return_to obeys); anything else falls back to the default.
 */
export function safeReturnPath(value: string | null | undefined, fallback: string = defaultReturnPath): string {
  const path = safeReturnTo(value);
  if (path === undefined) return fallback;
  const url = new URL(path, probeOrigin);
  // Returning to the sudo page itself would ask for the password forever.
  if (url.pathname === '/sudo' || url.pathname.startsWith('/sudo/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
