import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';

const nonceBytes = 32;
const expiryBytes = 8;
const tagBytes = 32;
/** 72 bytes: a multiple of 3, so its base64url spelling has no spare bits and only one form. */
const totalBytes = nonceBytes + expiryBytes + tagBytes;
const spelledLength = (totalBytes / 3) * 4;

function tag(key: Uint8Array, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update('passkey_sign_in\0').update(body).digest();
}

/**
 * A challenge that is its own record: 32 random bytes, its expiry and an HMAC over both, so any
 * instance can tell it issued it without a row written for it. Rule: an unauthenticated request
 * writes nothing (anyone may ask for a passkey sign-in challenge, on every page load).
 */
export function signChallenge(key: Uint8Array, expiresAt: Date): string {
  const bytes = Buffer.alloc(totalBytes);
  randomFillSync(bytes, 0, nonceBytes);
  bytes.writeBigUInt64BE(BigInt(expiresAt.getTime()), nonceBytes);
  tag(key, bytes.subarray(0, nonceBytes + expiryBytes)).copy(bytes, nonceBytes + expiryBytes);
  return bytes.toString('base64url');
}

/**
 * When a challenge signed with `key` expires, or null when it is not one (wrong length, another
 * spelling of the same bytes, a tag that does not match) or it has expired. That it was not spent
 * already is the database's to say (see spendChallengeStatement).
 */
export function signedChallengeExpiry(key: Uint8Array, challenge: string, now: Date): Date | null {
  if (challenge.length !== spelledLength) return null;
  const bytes = Buffer.from(challenge, 'base64url');
  // Rule: one challenge, one spelling; the spent mark is keyed by the text.
  if (bytes.length !== totalBytes || bytes.toString('base64url') !== challenge) return null;
  const body = bytes.subarray(0, nonceBytes + expiryBytes);
  if (!timingSafeEqual(tag(key, body), bytes.subarray(nonceBytes + expiryBytes))) return null;
  const expiresAt = Number(bytes.readBigUInt64BE(nonceBytes));
  return expiresAt > now.getTime() ? new Date(expiresAt) : null;
}
