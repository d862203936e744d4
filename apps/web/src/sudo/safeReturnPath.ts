export const defaultReturnPath = '/settings/security';

const probeOrigin = 'https://return-to.invalid';

/**
 * `return_to` comes from the address bar, so anyone can craft it: only a path on this site is
 * followed. "//host" and "/\host" are protocol-relative to browsers, and control characters
 * are stripped by URL parsers, so all of those fall back to the default.
 */
export function safeReturnPath(value: string | null | undefined, fallback: string = defaultReturnPath): string {
  if (!value || !value.startsWith('/') || value.startsWith('//')) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, probeOrigin);
  } catch {
    return fallback;
  }
  if (url.origin !== probeOrigin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Returning to the sudo page itself would ask for the password forever.
  if (url.pathname === '/sudo' || url.pathname.startsWith('/sudo/')) return fallback;
  return path;
}
