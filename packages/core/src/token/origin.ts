/**
 * The RFC 6454 ASCII serialisation of an http(s) origin ("https://host[:port]", lowercase, no
 * default port, no path), or null when `value` is not an origin. A trailing "/" is tolerated
 * because configuration often carries one; a path, query, fragment or credentials are not.
 */
export function normalizeOrigin(value: string): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  // A bare "?" or "#" leaves search and hash empty; the serialisation must not have them either.
  if (/[?#]/.test(value)) return null;
  return url.origin;
}

/**
 * Whether `value` already is an ASCII serialised origin, as a token's issuer and audience must be
 * (draft-hill-delegated-recovery §4.1.1): comparing two such strings byte for byte compares the
 * origins.
 */
export function isSerializedOrigin(value: string): boolean {
  return /^[\x21-\x7e]+$/.test(value) && normalizeOrigin(value) === value;
}
