import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateP256KeyPair, privateKeyToPem, publicKeyToBase64Spki } from '@recovery/core/token/index';
import { ConfigError, DEVELOPMENT_ACCOUNT_CLIENT_SECRET, loadConfig } from './config.ts';

const pem = () => privateKeyToPem(generateP256KeyPair().privateKey);
const ecJwk = () => generateP256KeyPair().privateKey.export({ format: 'jwk' });
/** What production needs besides SECRET_KEY and PUBLIC_URL. */
const productionSecrets = () => ({
  ACCOUNT_URL: 'https://accounts.example',
  ACCOUNT_CLIENT_SECRET: randomBytes(32).toString('base64url'),
  COUNTERSIGN_PRIVATE_KEYS: pem(),
  OIDC_JWKS: JSON.stringify({ keys: [ecJwk()] }),
});

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'partner-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has development defaults and generates SECRET_KEY once into DATA_DIR/partner.secret', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 4000,
      publicOrigin: 'http://localhost:4000',
      dataDir,
      databaseUrl: `file:${path.join(dataDir, 'partner.db')}`,
      displayName: 'Partner',
      session: { idleMs: 120 * 60_000, absoluteMs: 14 * 24 * 3_600_000 },
      trustProxy: 'loopback',
      logLevel: 'info',
      seedDemo: false,
    });
    expect(config.secretKey).toHaveLength(32);
    const keyFile = path.join(dataDir, 'partner.secret');
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64').equals(config.secretKey)).toBe(true);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dataDir }).secretKey.equals(config.secretKey)).toBe(true);
  });

  it('follows PORT for the default public URL and reads every variable', () => {
    const key = randomBytes(32);
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '4100',
      PUBLIC_URL: 'https://partner.example/some/path',
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgresql://partner@db.example/partner',
      SECRET_KEY: key.toString('base64'),
      DISPLAY_NAME: 'Example Partner',
      SESSION_IDLE_MINUTES: '30',
      SESSION_ABSOLUTE_HOURS: '12',
      TRUST_PROXY: '2',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      ...productionSecrets(),
    });
    expect(config).toMatchObject({
      env: 'production',
      host: '0.0.0.0',
      port: 4100,
      publicOrigin: 'https://partner.example',
      databaseUrl: 'postgresql://partner@db.example/partner',
      displayName: 'Example Partner',
      session: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
      trustProxy: 2,
      logLevel: 'warn',
      seedDemo: true,
    });
    expect(config.secretKey.equals(key)).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '4321' }).publicOrigin).toBe('http://localhost:4321');
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('allows loopback http only outside production', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://127.0.0.1:4000' }).publicOrigin).toBe('http://127.0.0.1:4000');
    expect(() => loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://partner.example' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, SECRET_KEY: randomBytes(32).toString('base64'), PUBLIC_URL: 'http://localhost:4000' })).toThrow(
      /PUBLIC_URL/,
    );
  });

  it('has development defaults for the account client, the token store and the keys, kept in DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.accountClient).toEqual({
      clientId: 'account-service',
      clientSecret: DEVELOPMENT_ACCOUNT_CLIENT_SECRET,
      origin: 'http://localhost:3000',
      redirectUris: ['http://localhost:3000/api/recovery-tokens/callback'],
    });
    expect(config.allowedTokenIssuers).toEqual(['http://localhost:3000']);
    expect(config.tokenMaxSize).toBe(8192);
    expect(config.countersignKeys).toHaveLength(1);
    expect(config.oidcJwks.keys).toHaveLength(1);
    expect(config.oidcJwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    for (const file of ['partner-countersign.pem', 'partner-oidc-jwks.json']) expect(statSync(path.join(dataDir, file)).mode & 0o077).toBe(0);
    const again = loadConfig({ DATA_DIR: dataDir });
    expect(publicKeyToBase64Spki(again.countersignKeys[0]!)).toBe(publicKeyToBase64Spki(config.countersignKeys[0]!));
    expect(again.oidcJwks).toEqual(config.oidcJwks);
    expect(loadConfig({ DATA_DIR: dataDir, ACCOUNT_URL: 'http://127.0.0.1:3100' }).accountClient.redirectUris).toEqual(['http://127.0.0.1:3100/api/recovery-tokens/callback']);
  });

  it('reads the account client, issuers, keys and token size from the environment', () => {
    const [current, previous] = [generateP256KeyPair().privateKey, generateP256KeyPair().privateKey];
    const jwk = ecJwk();
    const config = loadConfig({
      DATA_DIR: dataDir,
      ACCOUNT_URL: 'https://accounts.example/ignored/path',
      ACCOUNT_CLIENT_ID: 'accounts',
      ACCOUNT_CLIENT_SECRET: 'x'.repeat(40),
      ACCOUNT_REDIRECT_URIS: 'https://accounts.example/cb/save, https://accounts.example/cb/recover',
      ALLOWED_TOKEN_ISSUERS: 'https://accounts.example,https://old-accounts.example',
      COUNTERSIGN_PRIVATE_KEYS: `${privateKeyToPem(current)}|${privateKeyToPem(previous)}`,
      OIDC_JWKS: JSON.stringify({ keys: [{ ...jwk, kid: 'k1' }] }),
      TOKEN_MAX_SIZE: '4096',
    });
    expect(config.accountClient).toEqual({
      clientId: 'accounts',
      clientSecret: 'x'.repeat(40),
      origin: 'https://accounts.example',
      redirectUris: ['https://accounts.example/cb/save', 'https://accounts.example/cb/recover'],
    });
    expect(config.allowedTokenIssuers).toEqual(['https://accounts.example', 'https://old-accounts.example']);
    expect(config.countersignKeys.map((k) => publicKeyToBase64Spki(k))).toEqual([publicKeyToBase64Spki(current), publicKeyToBase64Spki(previous)]);
    expect(config.oidcJwks.keys).toEqual([{ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d, kid: 'k1', alg: 'ES256', use: 'sig' }]);
    expect(config.tokenMaxSize).toBe(4096);
    // A blank line separates keys too, and flattened "\\n" escapes are read as newlines.
    const blankLine = loadConfig({ DATA_DIR: dataDir, COUNTERSIGN_PRIVATE_KEYS: `${privateKeyToPem(current)}\n${privateKeyToPem(previous)}` });
    expect(blankLine.countersignKeys).toHaveLength(2);
    const escaped = loadConfig({ DATA_DIR: dataDir, COUNTERSIGN_PRIVATE_KEYS: privateKeyToPem(current).replace(/\n/g, '\\n') });
    expect(publicKeyToBase64Spki(escaped.countersignKeys[0]!)).toBe(publicKeyToBase64Spki(current));
  });

  it.each([
    ['ACCOUNT_REDIRECT_URIS', 'https://a.example/cb,https://b.example/cb', /one host/],
    ['ACCOUNT_REDIRECT_URIS', 'http://accounts.example/cb', /ACCOUNT_REDIRECT_URIS/],
    ['ACCOUNT_REDIRECT_URIS', 'http://localhost:3000/cb#fragment', /ACCOUNT_REDIRECT_URIS/],
    ['ACCOUNT_REDIRECT_URIS', ' , ', /ACCOUNT_REDIRECT_URIS/],
    ['ALLOWED_TOKEN_ISSUERS', 'http://accounts.example', /ALLOWED_TOKEN_ISSUERS/],
    ['ALLOWED_TOKEN_ISSUERS', 'not a url', /ALLOWED_TOKEN_ISSUERS/],
    ['ACCOUNT_CLIENT_SECRET', 'too-short', /ACCOUNT_CLIENT_SECRET/],
    ['ACCOUNT_CLIENT_ID', 'has spaces', /ACCOUNT_CLIENT_ID/],
    ['TOKEN_MAX_SIZE', '10', /TOKEN_MAX_SIZE/],
    ['COUNTERSIGN_PRIVATE_KEYS', 'not a key', /COUNTERSIGN_PRIVATE_KEYS/],
    ['COUNTERSIGN_PRIVATE_KEYS', `${pem()}|${pem()}|${pem()}`, /at most 2 keys/],
    ['OIDC_JWKS', '{"keys":[]}', /OIDC_JWKS/],
    ['OIDC_JWKS', 'not json', /OIDC_JWKS/],
  ])('refuses a bad %s (%s)', (name, value, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(message);
  });

  it('refuses an RSA, non-P-256 or public-only key as a countersigning or ID token key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(() => loadConfig({ DATA_DIR: dataDir, COUNTERSIGN_PRIVATE_KEYS: String(rsa.export({ type: 'pkcs8', format: 'pem' })) })).toThrow(/not an EC P-256/);
    expect(() => loadConfig({ DATA_DIR: dataDir, OIDC_JWKS: JSON.stringify({ keys: [rsa.export({ format: 'jwk' })] }) })).toThrow(/OIDC_JWKS/);
    const { d: _private, ...publicOnly } = ecJwk();
    expect(() => loadConfig({ DATA_DIR: dataDir, OIDC_JWKS: JSON.stringify({ keys: [publicOnly] }) })).toThrow(/OIDC_JWKS/);
  });

  it.each(['ACCOUNT_URL', 'ACCOUNT_CLIENT_SECRET', 'COUNTERSIGN_PRIVATE_KEYS', 'OIDC_JWKS'])('requires %s in production and generates nothing there', (name) => {
    const env: Record<string, string> = { NODE_ENV: 'production', DATA_DIR: dataDir, PUBLIC_URL: 'https://partner.example', SECRET_KEY: randomBytes(32).toString('base64'), ...productionSecrets() };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(`${name} is required in production`);
    expect(() => statSync(path.join(dataDir, 'partner-countersign.pem'))).toThrow();
    expect(() => statSync(path.join(dataDir, 'partner-oidc-jwks.json'))).toThrow();
  });

  it('requires SECRET_KEY and PUBLIC_URL in production and never writes a key there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, PUBLIC_URL: 'https://partner.example' })).toThrow(/SECRET_KEY is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, SECRET_KEY: randomBytes(32).toString('base64') })).toThrow(/PUBLIC_URL is required/);
    expect(() => statSync(path.join(dataDir, 'partner.secret'))).toThrow();
  });

  it.each([
    ['SECRET_KEY', randomBytes(16).toString('base64')],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_DEMO', 'yes'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['PUBLIC_URL', 'not a url'],
    ['DISPLAY_NAME', ' '],
  ])('refuses a bad %s with a ConfigError naming it', (name, value) => {
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(name);
  });

  it('refuses a corrupt development key file instead of running with a weak key', () => {
    writeFileSync(path.join(dataDir, 'partner.secret'), 'c2hvcnQ=\n');
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(ConfigError);
  });
});

describe('a production configuration with every secret missing', () => {
  it('names them all in one error', () => {
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: os.tmpdir() });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of ['SECRET_KEY', 'PUBLIC_URL', 'ACCOUNT_URL', 'ACCOUNT_CLIENT_SECRET', 'COUNTERSIGN_PRIVATE_KEYS', 'OIDC_JWKS']) expect(message).toContain(`${name} is required in production`);
  });
});
