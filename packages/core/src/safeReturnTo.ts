const base = 'http://return-to.invalid';

/**
 * Where to go after signing in: only a relative path on this site ("/…", never "//host", "/\host"
 * or anything a URL parser could turn into another origin). Anything else is ignored.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  // Backslashes count as slashes to browsers; tabs and newlines are silently dropped by URL
  // parsers ("/\t/evil" becomes "//evil"), so neither is allowed anywhere.
  if (/[\\\u0000-\u0020\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base) return undefined;
  return value;
}
