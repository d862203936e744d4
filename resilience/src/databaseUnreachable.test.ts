import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup } from './cleanup.ts';
import { freePort } from '../../scripts/freePorts.ts';
import type { ServiceName } from './serviceProcess.ts';
import { newSecretKey } from './serviceEnv.ts';
import { startSilentServer } from './silentServer.ts';
import { startupOutcome } from './startupOutcome.ts';

/**
 * A service that cannot use its database must say so and stop, not crash-loop or hang. A server
 * that never answers is given up after the service's own connection timeout, half of
 * DATABASE_TIMEOUT_MS: the test sets it, checks that the service waited for it (not less) and
 * says so, and does not time the rest (loading the code on a busy machine takes what it takes).
 * A service that hangs instead runs into `hangMs`, far past any setting here, and fails.
 */
const databaseTimeoutMs = 4_000;
const connectMs = databaseTimeoutMs / 2;
const hangMs = 90_000;

interface Case {
  name: string;
  url(silentPort: number): string;
  /** What the one line says: the cause. */
  says: RegExp;
  /** The database never answers, so the service has to wait out its connection timeout. */
  waitsForTimeout?: boolean;
}

const cases: Case[] = [
  { name: 'nothing listening (port 1)', url: () => 'postgresql://postgres@127.0.0.1:1/none', says: /Can't reach database server at `127\.0\.0\.1:1`/ },
  { name: 'an unsupported scheme', url: () => 'mysql://user@127.0.0.1/db', says: /DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\/ \(PostgreSQL\)/ },
  { name: 'not a URL at all', url: () => 'not a url', says: /DATABASE_URL must start with file:/ },
  { name: 'a port that is not a number', url: () => 'postgresql://postgres@127.0.0.1:notaport/db', says: /DATABASE_URL is not a valid postgresql:\/\/ URL \(check the host and port\)/ },
  {
    name: 'a server that accepts and never answers',
    url: (port) => `postgresql://postgres@127.0.0.1:${port}/db`,
    says: new RegExp(`Connection terminated due to connection timeout \\(no answer within ${connectMs} ms, half of DATABASE_TIMEOUT_MS=${databaseTimeoutMs}\\)`),
    waitsForTimeout: true,
  },
];

const services: Array<{ service: ServiceName; label: string }> = [
  { service: 'account', label: 'account service' },
  { service: 'partner', label: 'partner' },
];

describe('a service whose database is unreachable or misconfigured at start', () => {
  const cleanup = new Cleanup();
  let silentPort: number;
  let dataDir: string;

  beforeAll(async () => {
    const silent = await startSilentServer();
    cleanup.add(() => silent.close());
    silentPort = silent.port;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-nodb-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  });
  afterAll(() => cleanup.run());

  // One start per test, one after another: on a loaded machine a start takes what it takes, and
  // no start waits behind the others.
  describe.each(services)('$service', ({ service, label }) => {
    it.each(cases)('with $name: gives up on its own, exits non-zero and says why in one line', async (c) => {
      const env = { PORT: String(await freePort()), DATA_DIR: path.join(dataDir, service), SECRET_KEY: newSecretKey(), DATABASE_URL: c.url(silentPort), DATABASE_TIMEOUT_MS: String(databaseTimeoutMs) };
      const outcome = await startupOutcome(service, env, hangMs);
      expect(outcome.timedOut).toBe(false);
      expect(outcome.code).not.toBe(0);
      expect(outcome.code).not.toBeNull();
      // "<service> failed to start: …" in one line, with no stack trace and no secret.
      expect(outcome.lines).toHaveLength(1);
      expect(outcome.lines[0]).toMatch(new RegExp(`^${label} failed to start: \\S`));
      expect(outcome.lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
      expect(outcome.lines.join('\n')).not.toMatch(/SECRET_KEY=|[A-Za-z0-9+/]{43}=/);
      expect(outcome.lines[0]).toMatch(c.says);
      // It waited for its own connection timeout, not less (a refusal needs no wait).
      if (c.waitsForTimeout) expect(outcome.ms).toBeGreaterThanOrEqual(connectMs);
    });
  });
});
