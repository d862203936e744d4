/**
 * A configuration's endpoint URL as the draft allows it (§2): https, a host, optionally a port and
 * a path, no query, fragment or credentials. Plain http only when the issuer itself is a
 * loopback http origin (development and tests). Null when the URL is not acceptable.
 */
export function endpointUrl(value: string, issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const httpAllowed = issuer.startsWith('http://');
  if (url.protocol !== 'https:' && !(httpAllowed && url.protocol === 'http:')) return null;
  if (url.username || url.password || url.search || url.hash || /[?#]/.test(value)) return null;
  return url.toString();
}
