import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateP256KeyPair, privateKeyToPem } from '@recovery/core/token/index';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'account-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const base = { DATA_DIR: dataDir };
const production = {
  ...base,
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://accounts.example.com',
  SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  TOKEN_SIGNING_KEYS: privateKeyToPem(generateP256KeyPair().privateKey),
  SMTP_URL: 'smtps://user:pass@mail.example.com',
  SMS_GATEWAY_URL: 'https://sms.example.com/messages',
};

describe('loadConfig', () => {
  it('speaks OAuth to the partner unless PARTNER_PROTOCOL=dar; the draft needs no client secret, even in production', () => {
    expect(loadConfig({ ...base, PARTNER_URL: 'http://localhost:4000' }).partner?.protocol).toBe('oauth');
    expect(loadConfig({ ...base, PARTNER_URL: 'http://localhost:4000', PARTNER_PROTOCOL: 'dar' }).partner?.protocol).toBe('dar');
    expect(() => loadConfig({ ...base, PARTNER_PROTOCOL: 'saml' })).toThrow(ConfigError);
    expect(loadConfig({ ...production, PARTNER_URL: 'https://partner.example', PARTNER_PROTOCOL: 'dar' }).partner?.url).toBe('https://partner.example');
    expect(() => loadConfig({ ...production, PARTNER_URL: 'https://partner.example' })).toThrow(/PARTNER_CLIENT_SECRET/);
  });

  it('normalises configured origins and serves https on loopback outside production (behind a local TLS terminator)', () => {
    const config = loadConfig({ ...base, PUBLIC_URL: 'HTTPS://LocalHost:8443/', PARTNER_URL: 'https://127.0.0.1:8444/' });
    expect(config.publicOrigin).toBe('https://localhost:8443');
    expect(config.partner?.url).toBe('https://127.0.0.1:8444');
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'https://accounts.example.com' })).toThrow(ConfigError);
  });

  it('names the product "Keyhaven" unless APP_NAME says otherwise, and uses it as sender and key site name', () => {
    const plain = loadConfig(base);
    expect(plain.appName).toBe('Keyhaven');
    expect(plain.mailFrom).toBe('Keyhaven <no-reply@localhost>');
    expect(plain.webAuthn.rpName).toBe('Keyhaven');
    const named = loadConfig({ ...base, APP_NAME: '  Hubbub ' });
    expect(named.appName).toBe('Hubbub');
    expect(named.mailFrom).toBe('Hubbub <no-reply@localhost>');
    expect(named.webAuthn.rpName).toBe('Hubbub');
    expect(() => loadConfig({ ...base, APP_NAME: ' ' })).toThrow(ConfigError);
  });

  it('reads a hop count for TRUST_PROXY as a number (a string would be taken for an address)', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(production);
    expect(config.env).toBe('production');
    expect(config.publicOrigin).toBe('https://accounts.example.com');
  });

  it.each([
    ['SECRET_KEY', 'SECRET_KEY'],
    ['TOKEN_SIGNING_KEYS', 'TOKEN_SIGNING_KEYS'],
    ['SMTP_URL', 'SMTP_URL'],
    ['SMS_GATEWAY_URL', 'SMS_GATEWAY_URL'],
    ['PUBLIC_URL', 'PUBLIC_URL'],
  ])('refuses production without %s', (missing, message) => {
    const env: Record<string, string> = { ...production };
    delete env[missing];
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses development mode on a public origin (dev secrets and the outbox must never face users)', () => {
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'https://accounts.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'http://accounts.example.com' })).toThrow(/https|loopback/);
    expect(loadConfig({ ...base, PUBLIC_URL: 'http://127.0.0.1:3000' }).env).toBe('development');
  });

  it('refuses a DATABASE_URL it cannot use, with a clear message', () => {
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'postgresql://x:notaport/db' })).toThrow(/DATABASE_URL/);
  });
});

describe('a production configuration with several settings missing', () => {
  it('names every missing setting in one error, with the invalid ones', () => {
    let message = '';
    try {
      loadConfig({ ...base, NODE_ENV: 'production', PARTNER_URL: 'https://partner.example', PORT: 'eighty' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of ['SECRET_KEY', 'PUBLIC_URL', 'TOKEN_SIGNING_KEYS', 'SMTP_URL', 'SMS_GATEWAY_URL', 'PARTNER_CLIENT_SECRET']) expect(message).toContain(`${name} is required in production`);
    expect(message).toContain('PORT:');
  });
});
