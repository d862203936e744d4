/** Over https the service names it `__Host-csrf_token` (the prefix browsers enforce). */
const cookieNames = ['__Host-csrf_token', 'csrf_token'];

/** The token from the latest session, sign-in or sudo response, for when the cookie is unreadable. */
let lastToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  lastToken = token;
}

/**
 * The cookie wins because the server may rotate the token (sign-in, privilege change) in a
 * response this page never parsed, such as a download or another tab's request.
 */
export function currentCsrfToken(): string | null {
  for (const name of cookieNames) {
    const value = readCookie(name);
    if (value !== null) return value;
  }
  return lastToken;
}

function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    if (value === '') return null;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}
