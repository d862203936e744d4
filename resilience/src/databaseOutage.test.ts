import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '@recovery/db';
import { Cleanup } from './cleanup.ts';
import { freePort } from '../../scripts/freePorts.ts';
import { startOutageLoad } from './outageLoad.ts';
import type { OutageAnswer, OutageLoad } from './outageLoad.ts';
import { providersUnderTest } from './providers.ts';
import { startService } from './serviceProcess.ts';
import type { ServiceName, ServiceProcess } from './serviceProcess.ts';
import { accountEnv, loopbackOrigin, newSecretKey, partnerEnv } from './serviceEnv.ts';
import { startTcpFaultProxy } from './tcpFaultProxy.ts';
import type { TcpFault, TcpFaultProxy } from './tcpFaultProxy.ts';

/** The services' DATABASE_TIMEOUT_MS here. */
const deadlineMs = 2_000;
/**
 * What a loaded two-core machine may add to the deadline before an answer arrives. A service
 * that waited for the database instead would answer only when the fault ends, or never.
 */
const marginMs = 10_000;
const workers = 6;
/** Answers that make an outage's phase: enough 503s to say every worker met it several times. */
const outageAnswers = 3 * workers;

/** A request of each service that needs its database (loading the session of a cookie). */
const loaded: Record<ServiceName, { path: string; cookie: string }> = {
  account: { path: '/api/session', cookie: 'sid=someone-signed-in-elsewhere' },
  partner: { path: '/recovery-tokens', cookie: 'partner_sid=someone-signed-in-elsewhere' },
};

const isOutageAnswer = (a: OutageAnswer): boolean => a.status === 503 && a.code === 'unavailable' && Number(a.retryAfter) >= 1;
const isNormalAnswer = (a: OutageAnswer): boolean => a.status !== null && a.status < 500;

async function fetchWithin(url: string, ms: number): Promise<number> {
  return (await fetch(url, { signal: AbortSignal.timeout(ms) })).status;
}

/**
 * PostgreSQL reached through a TCP proxy that cuts every connection (a database gone) and then
 * stalls them (connections open, no answers), while clients keep sending requests that need it.
 */
describe.each(providersUnderTest.filter((p) => p === 'postgresql'))('a database lost under load (%s)', () => {
  describe.each<ServiceName>(['account', 'partner'])('the %s', (service) => {
    const cleanup = new Cleanup();
    let proc: ServiceProcess;
    let proxy: TcpFaultProxy;
    let origin: string;
    let load: OutageLoad;

    beforeAll(async () => {
      const scratch = await createScratchDatabase('postgresql', process.env.TEST_POSTGRES_URL, `resilience_outage_${service}`);
      cleanup.add(() => scratch.drop());
      const url = new URL(scratch.url);
      proxy = await startTcpFaultProxy(url.hostname, Number(url.port || 5432));
      cleanup.add(() => proxy.close());
      url.port = String(proxy.port);
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-outage-'));
      cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      origin = loopbackOrigin(port);
      const setup = { port, dataDir, databaseUrl: url.toString(), secretKey: newSecretKey() };
      const env = service === 'account' ? accountEnv(setup) : partnerEnv({ ...setup, accountOrigin: 'http://127.0.0.1:9' });
      proc = await startService(service, { ...env, DATABASE_TIMEOUT_MS: String(deadlineMs) }, origin);
      cleanup.add(() => proc.stop());
      load = startOutageLoad(origin, loaded[service].path, { Cookie: loaded[service].cookie }, workers, deadlineMs + marginMs);
      cleanup.add(() => load.stop());
      await load.until(workers, isNormalAnswer);
    });
    afterAll(() => cleanup.run());

    describe.each<TcpFault>(['cut', 'stall'])('when the database is %s', (fault) => {
      it('answers 503 unavailable with Retry-After; /healthz stays up, /readyz says not ready', async () => {
        load.phase = fault;
        proxy.set(fault);
        await load.until(outageAnswers, isOutageAnswer);
        // Alive, and it did not ask the database: anything that does answers 503 now. The answer's
        // status says so; how fast it came on a busy machine would not.
        expect(await fetchWithin(`${origin}/healthz`, deadlineMs + marginMs)).toBe(200);
        expect(await fetchWithin(`${origin}/readyz`, deadlineMs + marginMs)).toBe(503);
      });

      it('serves again once the database is back', async () => {
        load.phase = `after ${fault}`;
        proxy.set('none');
        await load.until(workers, isNormalAnswer);
        expect(await fetchWithin(`${origin}/readyz`, deadlineMs + marginMs)).toBe(200);
      });
    });

    it('never answered 500, and never left a request without an answer past the deadline', async () => {
      await load.stop();
      const wrong = load.answers.filter((a) => !isNormalAnswer(a) && !isOutageAnswer(a));
      expect(wrong).toEqual([]);
      // While the database was fine, everything was answered normally.
      expect(load.answers.filter((a) => a.phase === 'before' && a.answeredIn === 'before' && !isNormalAnswer(a))).toEqual([]);
    });

    it('logged each outage once when it started and once when it ended', () => {
      const lines = proc.stdout().split('\n').filter((line) => line.startsWith('{'));
      const messages = lines.map((line) => (JSON.parse(line) as { msg?: string }).msg ?? '');
      expect(messages.filter((m) => m.startsWith('database unavailable'))).toHaveLength(2);
      expect(messages.filter((m) => m === 'database available again')).toHaveLength(2);
      expect(messages.filter((m) => m === 'request failed')).toEqual([]);
    });
  });
});
