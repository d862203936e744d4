import { Buffer } from 'node:buffer';
import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { AppError } from '../errors.ts';
import { base64ToBytes, bytesToBase64 } from './base64.ts';

// OpenSSL's name for NIST P-256 / secp256r1.
const P256 = 'prime256v1';

function isP256(key: unknown, type: 'public' | 'private'): key is KeyObject {
  return (
    key instanceof KeyObject &&
    key.type === type &&
    key.asymmetricKeyType === 'ec' &&
    key.asymmetricKeyDetails?.namedCurve === P256
  );
}

export function isP256PublicKey(key: unknown): key is KeyObject {
  return isP256(key, 'public');
}

export function isP256PrivateKey(key: unknown): key is KeyObject {
  return isP256(key, 'private');
}

export function generateP256KeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: P256 });
}

/**
 * Base64 of the DER SubjectPublicKeyInfo, the form published in `tokensign-pubkeys-secp256r1`
 * and `countersign-pubkeys-secp256r1`. A private key is accepted and its public half exported.
 */
export function publicKeyToBase64Spki(key: KeyObject): string {
  const publicKey = isP256PrivateKey(key) ? createPublicKey(key) : key;
  if (!isP256PublicKey(publicKey)) throw new AppError('bad_request', 'key is not a P-256 key');
  return bytesToBase64(publicKey.export({ type: 'spki', format: 'der' }));
}

export function publicKeyFromBase64Spki(s: string): KeyObject {
  const der = base64ToBytes(s);
  if (der === null || der.length === 0) {
    throw new AppError('bad_request', 'public key is not valid base64');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  } catch {
    throw new AppError('bad_request', 'public key is not a DER SubjectPublicKeyInfo');
  }
  if (!isP256PublicKey(key)) throw new AppError('bad_request', 'public key is not an EC P-256 key');
  return key;
}

/** Unencrypted PKCS#8 PEM, for configuration files and secrets stores. */
export function privateKeyToPem(key: KeyObject): string {
  if (!isP256PrivateKey(key)) throw new AppError('bad_request', 'key is not a P-256 private key');
  return String(key.export({ type: 'pkcs8', format: 'pem' }));
}

export function privateKeyFromPem(pem: string): KeyObject {
  if (typeof pem !== 'string') throw new AppError('bad_request', 'private key must be a PEM string');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new AppError('bad_request', 'private key is not a readable PEM key');
  }
  if (!isP256PrivateKey(key)) throw new AppError('bad_request', 'private key is not an EC P-256 key');
  return key;
}
