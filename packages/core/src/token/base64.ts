import { Buffer } from 'node:buffer';

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/** Decoded size of a base64 string, computed from its length alone. */
export function base64DecodedLength(s: string): number {
  let end = s.length;
  if (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
  if (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
  return Math.floor((end * 3) / 4);
}

/**
 * Strict decoding of standard base64 or base64url, padded or not. Returns null for anything
 * else, including non-canonical encodings (stray trailing bits), so that one token has exactly
 * one textual form per alphabet. Buffer.from alone would skip junk characters silently.
 */
export function base64ToBytes(s: string): Uint8Array | null {
  if (typeof s !== 'string') return null;
  const urlSafe = !STANDARD.test(s);
  if (urlSafe && !URL_SAFE.test(s)) return null;
  const unpadded = s.replace(/=+$/, '');
  if (unpadded.length !== s.length && s.length % 4 !== 0) return null;
  if (unpadded.length % 4 === 1) return null;
  const buf = Buffer.from(unpadded, urlSafe ? 'base64url' : 'base64');
  const canonical = buf.toString(urlSafe ? 'base64url' : 'base64').replace(/=+$/, '');
  if (canonical !== unpadded) return null;
  return new Uint8Array(buf);
}

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
