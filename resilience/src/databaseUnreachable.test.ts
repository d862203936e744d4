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
import type { StartupOutcome } from './startupOutcome.ts';

/**
 * A service that cannot use its database must say so and stop, not crash-loop or hang. Idle, a
 * refusal takes about 1 s (mostly loading the code), a server that never answers about 11 s (the
 * PostgreSQL pool's 10 s connection timeout); the bound is generous because `npm test` runs this
 * next to every other workspace's tests on two cores. A hang runs into the deadline.
 */
const promptMs = 20_000;
const deadlineMs = 25_000;

interface Case {
  name: string;
  url(silentPort: number): string;
  /** What the one line says, for the cases where the services name the cause. */
  says?: RegExp;
  /** Waits for a timeout: started first, so its wait overlaps the others. */
  slow?: boolean;
}

const cases: Case[] = [
  { name: 'nothing listening (port 1)', url: () => 'postgresql://postgres@127.0.0.1:1/none', says: /Can't reach database server at `127\.0\.0\.1:1`/ },
  { name: 'an unsupported scheme', url: () => 'mysql://user@127.0.0.1/db', says: /DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\/ \(PostgreSQL\)/ },
  { name: 'not a URL at all', url: () => 'not a url', says: /DATABASE_URL must start with file:/ },
  { name: 'a port that is not a number', url: () => 'postgresql://postgres@127.0.0.1:notaport/db', says: /DATABASE_URL is not a valid postgresql:\/\/ URL \(check the host and port\)/ },
  { name: 'a server that accepts and never answers', url: (port) => `postgresql://postgres@127.0.0.1:${port}/db`, says: /Connection terminated due to connection timeout/, slow: true },
];

const services: Array<{ service: ServiceName; label: string }> = [
  { service: 'account', label: 'account service' },
  { service: 'partner', label: 'partner' },
];

describe('a service whose database is unreachable or misconfigured at start', () => {
  const cleanup = new Cleanup();
  const outcomes = new Map<string, StartupOutcome>();

  beforeAll(async () => {
    const silent = await startSilentServer();
    cleanup.add(() => silent.close());
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-nodb-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const run = async (service: ServiceName, c: Case): Promise<void> => {
      const env = { PORT: String(await freePort()), DATA_DIR: path.join(dataDir, service), SECRET_KEY: newSecretKey(), DATABASE_URL: c.url(silent.port) };
      outcomes.set(`${service}:${c.name}`, await startupOutcome(service, env, deadlineMs));
    };
    const all = services.flatMap(({ service }) => cases.map((c) => ({ service, c })));
    // The slow cases mostly wait, so they all start at once; the others two at a time, so they
    // do not slow each other past the bound on a two-core machine.
    const slow = Promise.all(all.filter(({ c }) => c.slow).map(({ service, c }) => run(service, c)));
    const queue = all.filter(({ c }) => !c.slow);
    await Promise.all(
      [0, 1].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await run(next.service, next.c);
      }),
    );
    await slow;
  });
  afterAll(() => cleanup.run());

  describe.each(services)('$service', ({ service, label }) => {
    describe.each(cases)('with $name', (c) => {
      const key = `${service}:${c.name}`;

      it(`exits non-zero within ${promptMs / 1000}s`, () => {
        const outcome = outcomes.get(key)!;
        expect(outcome.timedOut).toBe(false);
        expect(outcome.code).not.toBe(0);
        expect(outcome.code).not.toBeNull();
        expect(outcome.ms).toBeLessThan(promptMs);
      });

      it(`says "${label} failed to start: …" in one line, with no stack trace and no secret`, () => {
        const outcome = outcomes.get(key)!;
        expect(outcome.lines).toHaveLength(1);
        expect(outcome.lines[0]).toMatch(new RegExp(`^${label} failed to start: \\S`));
        expect(outcome.lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
        expect(outcome.lines.join('\n')).not.toMatch(/SECRET_KEY=|[A-Za-z0-9+/]{43}=/);
      });

      if (c.says) {
        const says = c.says;
        it('names the cause', () => {
          expect(outcomes.get(key)!.lines[0]).toMatch(says);
        });
      }
    });
  });
});
