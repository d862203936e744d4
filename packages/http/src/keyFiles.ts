import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { generateP256KeyPair, privateKeyFromPem, privateKeyToPem } from '@recovery/core/token/index';

/**
 * A 32-byte key kept in a file under the data folder, created on first use. For development
 * only: production configuration must supply its keys.
 */
export function developmentSecret(dataDir: string, file: string): Buffer {
  const keyPath = path.join(dataDir, file);
  if (existsSync(keyPath)) {
    const key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${keyPath} does not hold a 32-byte base64 key; delete it to make a new one`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyPath, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}

/** PEM private keys, newest first, separated by `|` or simply concatenated. */
export function parsePemKeyList(value: string): KeyObject[] {
  const blocks = value.replace(/\|/g, '\n').match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM private key found');
  return blocks.map((pem) => privateKeyFromPem(pem));
}

/**
 * P-256 signing keys, newest first: from configuration when given, otherwise (development) one
 * generated on first start and kept in the data folder so restarts keep verifying old tokens.
 */
export function signingKeysFrom(configured: string | undefined, dataDir: string, file: string): KeyObject[] {
  if (configured) return parsePemKeyList(configured);
  const keyPath = path.join(dataDir, file);
  if (existsSync(keyPath)) return parsePemKeyList(readFileSync(keyPath, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateP256KeyPair();
  writeFileSync(keyPath, privateKeyToPem(privateKey), { mode: 0o600 });
  return [privateKey];
}
