import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '@recovery/core/errors';

/** A random, URL-safe identifier or secret of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

export function hmacHex(key: Uint8Array, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

/** Compares two strings without leaking where they first differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Each purpose gets its own key derived from the one configured master key (HKDF-SHA-256), so
 * a key leaked or misused in one place cannot forge anything elsewhere.
 */
export function deriveKey(masterKey: Uint8Array, purpose: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, new Uint8Array(0), `recovery:${purpose}`, length));
}

/** AES-256-GCM: `v1.<iv>.<ciphertext>.<tag>` in base64url, bound to `context` as associated data. */
export function encryptSecret(key: Uint8Array, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function decryptSecret(key: Uint8Array, sealed: string, context: string): string {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || ciphertext === undefined || !tag) {
    throw new AppError('internal', 'A stored secret has an unknown format');
  }
  try {
    const authTag = Buffer.from(tag, 'base64url');
    // A truncated tag would weaken the integrity check: only full 16-byte tags are accepted.
    if (authTag.length !== 16) throw new Error('bad tag length');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new AppError('internal', 'A stored secret could not be decrypted', { cause });
  }
}
