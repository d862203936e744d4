import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { afterEach, describe, expect, it } from 'vitest';
import { createServedTestApp } from '@recovery/account/testing/servedTestApp';
import { freePort } from '../../scripts/freePorts.ts';
import { seedPasskeyPeer } from './betterAuthPasskeyPeer.ts';
import { createPeerAuth } from './betterAuthPeer.ts';
import { checkTargets } from './benchTargets.ts';
import type { LoadScenario } from './loadScenario.ts';
import { passkeyScenario } from './passkeyScenario.ts';
import { summarizePairs } from './peerComparison.ts';
import type { PeerReport } from './peerComparison.ts';
import { peerApp } from './peerApp.ts';
import { openPeerDatabase } from './peerDatabase.ts';
import { peerPasskeyScenario } from './peerPasskeyScenario.ts';
import { csrfTokenFrom } from './requestHelpers.ts';
import type { StackReport } from './runStack.ts';
import type { LoadResult } from './runLoad.ts';
import { seedAccounts } from './seedAccounts.ts';
import { seedPasskeys } from './seedPasskeys.ts';
import { createVirtualPasskeys } from './virtualPasskeys.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sends `signIns` sign-ins of a scenario on one connection; returns autocannon's non-2xx and error counts. */
function signIn(scenario: LoadScenario, signIns: number): Promise<{ non2xx: number; errors: number }> {
  return new Promise((resolve, reject) => {
    autocannon({ url: scenario.url, connections: 1, amount: signIns * (scenario.callsPerSuccess ?? 1), requests: scenario.requests, timeout: 20 }, (error: unknown, result) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve({ non2xx: result.non2xx, errors: result.errors });
    });
  });
}

describe('the passkey comparison', () => {
  it('signs our users in with the virtual passkeys, each sign-in a fresh challenge and a counter that moves on', async () => {
    const t = await createServedTestApp('sqlite');
    cleanups.push(() => t.close());
    const seeded = await seedAccounts(t.ctx, { signInUsers: 0, totpUsers: 3, recoveryCodeUsers: 0 });
    const passkeys = await createVirtualPasskeys(3, t.origin, t.config.webAuthn.rpId);
    const owners = await seedPasskeys(t.db, seeded.totp, passkeys, new Date());
    const scenario = passkeyScenario(t.db, t.origin, t.origin, passkeys, owners, await csrfTokenFrom(t.origin));

    // Six sign-ins over three users: each user twice, so the second must move its counter on.
    expect(await signIn(scenario, 6)).toEqual({ non2xx: 0, errors: 0 });
    expect(await scenario.successes()).toBe(6);
    expect(await t.db.session.count()).toBe(6);
    for (const key of passkeys) {
      const stored = await t.db.securityKey.findUniqueOrThrow({ where: { id: key.id } });
      expect(stored.kind).toBe('passkey');
      expect(Number(stored.counter)).toBe(2);
    }
  });

  it('signs Better Auth\'s users in with the same kind of credentials through its passkey plugin', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-passkey-peer-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const spec = { provider: 'sqlite' as const, file: path.join(dir, 'better-auth.db') };
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const secret = randomBytes(32).toString('base64');
    const passkeys = await createVirtualPasskeys(3, origin, '127.0.0.1');
    const owners = await seedPasskeyPeer(spec, secret, origin, passkeys);
    const database = openPeerDatabase(spec);
    const server: Server = peerApp(createPeerAuth(database, secret, origin, 'passkey')).listen(port, '127.0.0.1');
    cleanups.push(async () => {
      await new Promise((done) => server.close(done));
      await database.close();
    });
    await new Promise((resolve) => server.once('listening', () => resolve(undefined)));
    const scenario = peerPasskeyScenario(origin, origin, passkeys, owners, () => database.sessionCount());

    expect(await signIn(scenario, 6)).toEqual({ non2xx: 0, errors: 0 });
    expect(await scenario.successes()).toBe(6);
  });

  it('judges the passkey target at 2× Better Auth, and never counts an unmeasured one as met', () => {
    const side = (rps: number): LoadResult => ({ rps, p50Ms: 1, p99Ms: 2, errors: 0, non2xx: 0, sent: 1, confirmed: 1, durationSeconds: 1, exhausted: false });
    const report = (ratio: number): PeerReport => ({
      comparisons: [summarizePairs(10, Array.from({ length: 5 }, () => ({ ours: side(ratio), theirs: side(1), ratio })))],
      cost: { ours: { requests: 1, statements: 1, commits: 1, fsyncs: 1 }, theirs: { requests: 1, statements: 1, commits: 1, fsyncs: 1 } },
      perRequest: { ours: '', theirs: '' },
    });
    const run = (passkeyPeer?: PeerReport): StackReport => ({ database: 'sqlite', topology: '', scenarios: [], peakMemoryMiB: {}, loadAverage: { before: 0, after: 0 }, ...(passkeyPeer ? { passkeyPeer } : {}) });

    expect(checkTargets([run(report(2.1))])).toEqual([expect.objectContaining({ target: expect.stringContaining('≥ 2× Better Auth\'s passkey plugin'), met: true })]);
    expect(checkTargets([run(report(1.9))])).toEqual([expect.objectContaining({ met: false })]);
    expect(checkTargets([run()])).toEqual([expect.objectContaining({ measured: expect.stringContaining('not measured'), met: false })]);
  });
});
