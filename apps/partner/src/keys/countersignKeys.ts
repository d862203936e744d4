import type { KeyObject } from 'node:crypto';
import { generateP256KeyPair, privateKeyFromPem, privateKeyToPem } from '@recovery/core/token/index';
import { ConfigError } from '../configError.ts';
import { developmentKeyFile } from './developmentKeyFile.ts';

/** At most two countersigning keys are published (the current one and the previous one). */
export const MAX_COUNTERSIGN_KEYS = 2;

const pemBlock = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g;

/**
 * COUNTERSIGN_PRIVATE_KEYS: PKCS#8 PEM P-256 keys, newest first, separated by a blank line or
 * `|` (escaped "\n" sequences are accepted, as some secret stores flatten newlines). The first
 * key signs; every key is published in `countersign-pubkeys-secp256r1`.
 */
export function parseCountersignKeys(value: string, source = 'COUNTERSIGN_PRIVATE_KEYS'): KeyObject[] {
  const text = value.replace(/\\n/g, '\n');
  const blocks = text.match(pemBlock) ?? [];
  const leftover = text.replace(pemBlock, '').replace(/[\s|]/g, '');
  if (blocks.length === 0 || leftover.length > 0) {
    throw new ConfigError(`${source}: expected one or two PKCS#8 PEM private keys ("-----BEGIN PRIVATE KEY-----"), separated by a blank line or |`);
  }
  if (blocks.length > MAX_COUNTERSIGN_KEYS) {
    throw new ConfigError(`${source}: at most ${MAX_COUNTERSIGN_KEYS} keys (the current one first, then the previous one)`);
  }
  return blocks.map((pem, index) => {
    try {
      return privateKeyFromPem(pem);
    } catch {
      throw new ConfigError(`${source}: key ${index + 1} is not an EC P-256 private key`);
    }
  });
}

/** Outside production: one key generated into DATA_DIR/partner-countersign.pem and kept. */
export function developmentCountersignKeys(dataDir: string): KeyObject[] {
  return developmentKeyFile(dataDir, 'partner-countersign.pem', (text, filePath) => parseCountersignKeys(text, filePath), () => privateKeyToPem(generateP256KeyPair().privateKey));
}
