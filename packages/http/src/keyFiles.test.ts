import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateP256KeyPair, privateKeyToPem, publicKeyToBase64Spki } from '@recovery/core/token/index';
import { developmentSecret, parsePemKeyList, signingKeysFrom } from './keyFiles.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'keyfiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('key files', () => {
  it('creates a development secret once and reads the same one back', () => {
    const a = developmentSecret(dir, 'x.secret');
    expect(a).toHaveLength(32);
    expect(developmentSecret(dir, 'x.secret')).toEqual(a);
    expect(readFileSync(path.join(dir, 'x.secret'), 'utf8').trim()).toBe(a.toString('base64'));
  });

  it('parses several PEM keys, newest first, separated by | or newlines', () => {
    const [k1, k2] = [generateP256KeyPair().privateKey, generateP256KeyPair().privateKey];
    const list = parsePemKeyList(`${privateKeyToPem(k1)}|${privateKeyToPem(k2)}`);
    expect(list.map((k) => publicKeyToBase64Spki(k))).toEqual([publicKeyToBase64Spki(k1), publicKeyToBase64Spki(k2)]);
    expect(parsePemKeyList(privateKeyToPem(k1) + '\n' + privateKeyToPem(k2))).toHaveLength(2);
    expect(() => parsePemKeyList('nothing here')).toThrow();
  });

  it('prefers configured keys, else generates one and keeps it', () => {
    const configured = privateKeyToPem(generateP256KeyPair().privateKey);
    expect(publicKeyToBase64Spki(signingKeysFrom(configured, dir, 'sign.pem')[0]!)).toBe(publicKeyToBase64Spki(parsePemKeyList(configured)[0]!));
    const generated = signingKeysFrom(undefined, dir, 'sign.pem');
    expect(publicKeyToBase64Spki(signingKeysFrom(undefined, dir, 'sign.pem')[0]!)).toBe(publicKeyToBase64Spki(generated[0]!));
  });
});
