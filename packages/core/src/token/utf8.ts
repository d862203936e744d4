const encoder = new TextEncoder();
// fatal: refuse invalid sequences rather than substitute U+FFFD; ignoreBOM: keep a leading
// U+FEFF so that decoding and re-encoding give back the signed bytes exactly.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of `s`, or null if `s` holds a lone surrogate (which has no UTF-8 form). */
export function encodeUtf8Strict(s: string): Uint8Array | null {
  const bytes = encoder.encode(s);
  // TextEncoder silently replaces lone surrogates, so a round trip detects them.
  return decodeUtf8Strict(bytes) === s ? bytes : null;
}

/** The string `bytes` encode, or null if they are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
