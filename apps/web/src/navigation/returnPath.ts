import { safeReturnTo } from '@recovery/core/safeReturnTo';

/** Pages only for the signed out: returning to them after signing in would bounce straight back. */
const signedOutOnly = ['/sign-in', '/sign-up', '/forgot-password'];

/**
 * Where to go after signing in, from `?return_to=`: only a path on this site (never another
 * origin: no open redirect) and never a signed-out page. Anything else gives null.
 */
export function returnPathFrom(value: string | null): string | null {
  const path = safeReturnTo(value);
  if (path === undefined) return null;
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  return signedOutOnly.includes(pathname) ? null : path;
}

/** The sign-in page, remembering the page the person was going to (the home page needs no note). */
export function signInPathFor(location: { pathname: string; search: string; hash: string }): string {
  const target = `${location.pathname}${location.search}${location.hash}`;
  return location.pathname === '/' ? '/sign-in' : `/sign-in?${new URLSearchParams({ return_to: target }).toString()}`;
}
