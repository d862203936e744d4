import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

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
