import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '@recovery/db';
import { createLogger, createSweeper, lockMemoryMs, permanentMs } from '@recovery/http';
import { newId } from '@recovery/core/ids';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { accountLimitPrefixes, accountSweptTables, accountSweeper } from './accountSweeper.ts';

/** Every rate-limit key the account service's code spells (`prefix:kind:${…}`), by its prefix. */
function spelledLimitPrefixes(): string[] {
  const sources = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const prefixes = new Set<string>();
  for (const file of readdirSync(sources, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.startsWith('testing')) continue;
    for (const match of readFileSync(path.join(sources, file), 'utf8').matchAll(/`([a-z0-9-]+:[a-z]+:)\$\{/g)) prefixes.add(match[1]!);
  }
  return [...prefixes].sort();
}

const minute = 60_000;
const day = 24 * 60 * minute;

describe.each(providersUnderTest)('sweeping expired rows of the account service on %s', (provider) => {
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp(provider);
    userId = newId(t.clock.now.getTime());
    await t.db.user.create({ data: { id: userId, username: 'swept', displayName: 'swept', email: 'swept@example.com', passwordHash: 'unused' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const at = (ms: number) => new Date(t.clock.now.getTime() + ms);
  const sweep = () => accountSweeper(t.ctx).runOnce();

  it('lists every expiring table of the schema', () => {
    expect(accountSweptTables(t.ctx).map((s) => s.table).sort()).toEqual(
      ['OAuthFlow', 'OutcomeReceipt', 'PasswordReset', 'PendingSignIn', 'RateLimit', 'Session', 'SmsCode', 'WebAuthnChallenge'].sort(),
    );
  });

  it('sweeps every counter the service keeps: each rate-limit key its code spells has a listed prefix', () => {
    const listed = Object.keys(accountLimitPrefixes(t.ctx));
    const spelled = spelledLimitPrefixes();
    expect(spelled).toEqual(expect.arrayContaining(['2fa:ip:', 'passkey:ip:', 'dar-ticket:ip:', 'signup-taken:email:', 'sudo:session:']));
    expect(spelled.filter((prefix) => !listed.includes(prefix))).toEqual([]);
  });

  it('deletes quiet passkey, recovery-ticket and taken-email counters, and the retired passkey challenge counter', async () => {
    const row = (key: string, count: number, windowStart: Date) => t.db.rateLimit.create({ data: { key, count, windowStart, lockedUntil: null, lockCount: 0, inFlight: 0, inFlightUntil: null } });
    await row('passkey:ip:quiet', 3, at(-15 * minute));
    await row('passkey-challenge:ip:quiet', 40, at(-15 * minute));
    await row('dar-ticket:ip:quiet', 2, at(-60 * minute));
    await row('signup-taken:email:quiet', 1, at(-day));
    await row('passkey:ip:counting', 3, at(-15 * minute + 1));
    await row('dar-ticket:ip:counting', 2, at(-60 * minute + 1));
    expect((await sweep()).RateLimit).toBe(4);
    expect((await t.db.rateLimit.findMany({ where: { key: { contains: ':quiet' } } })).length).toBe(0);
    expect((await t.db.rateLimit.findMany({ where: { key: { contains: ':counting' } } })).map((r) => r.key).sort()).toEqual(['dar-ticket:ip:counting', 'passkey:ip:counting']);
    await t.db.rateLimit.deleteMany({ where: { key: { contains: ':counting' } } });
  });

  it('deletes expired pending sign-ins, challenges, SMS codes, OAuth flows, reset links and receipts; keeps live ones', async () => {
    for (const [tag, expiresAt] of [['old', at(-1)], ['live', at(minute)]] as const) {
      await t.db.pendingSignIn.create({ data: { idHash: `pending-${tag}`, userId, createdAt: at(-day), expiresAt } });
      await t.db.webAuthnChallenge.create({ data: { challenge: `challenge-${tag}`, purpose: 'sign_in', userId, expiresAt } });
      await t.db.smsCode.create({ data: { id: `sms-${tag}`, userId, purpose: 'sign_in', codeHash: 'x', expiresAt } });
      await t.db.oAuthFlow.create({ data: { stateHash: `flow-${tag}`, purpose: 'save', userId, secretsEnc: 'x', expiresAt } });
      await t.db.passwordReset.create({ data: { tokenHash: `reset-${tag}`, userId, expiresAt } });
      await t.db.outcomeReceipt.create({ data: { key: `receipt-${tag}`, userId, proofHash: 'x', result: 'x', expiresAt } });
    }
    const deleted = await sweep();
    expect(deleted).toMatchObject({ PendingSignIn: 1, WebAuthnChallenge: 1, SmsCode: 1, OAuthFlow: 1, PasswordReset: 1, OutcomeReceipt: 1 });
    expect((await t.db.pendingSignIn.findMany()).map((r) => r.idHash)).toEqual(['pending-live']);
    expect((await t.db.webAuthnChallenge.findMany()).map((r) => r.challenge)).toEqual(['challenge-live']);
    expect((await t.db.smsCode.findMany()).map((r) => r.id)).toEqual(['sms-live']);
    expect((await t.db.oAuthFlow.findMany()).map((r) => r.stateHash)).toEqual(['flow-live']);
    expect((await t.db.passwordReset.findMany()).map((r) => r.tokenHash)).toEqual(['reset-live']);
    expect((await t.db.outcomeReceipt.findMany()).map((r) => r.key)).toEqual(['receipt-live']);
  });

  it('deletes sessions past their absolute expiry or idle too long; keeps live ones', async () => {
    const idle = t.config.session.idleMs;
    const session = (idHash: string, lastSeenAt: Date, expiresAt: Date) => t.db.session.create({ data: { idHash, userId, createdAt: at(-day), lastSeenAt, expiresAt, ip: '127.0.0.1', userAgent: 'x' } });
    await session('session-expired', at(-minute), at(-1));
    await session('session-idle', at(-idle - 1), at(day));
    await session('session-live', at(-idle + minute), at(day));
    expect((await sweep()).Session).toBe(2);
    expect((await t.db.session.findMany({ where: { userId } })).map((r) => r.idHash)).toEqual(['session-live']);
  });

  it('deletes only rate-limit rows that are as good as absent', async () => {
    const row = (key: string, fields: { count?: number; windowStart?: Date; lockedUntil?: Date | null; lockCount?: number; inFlight?: number; inFlightUntil?: Date | null }) =>
      t.db.rateLimit.create({ data: { key, count: 0, windowStart: t.clock.now, lockedUntil: null, lockCount: 0, inFlight: 0, inFlightUntil: null, ...fields } });
    const gone = [
      await row('signin:user:clean', {}),
      await row('signin:ip:leaked', { inFlight: 2, inFlightUntil: at(-1) }),
      await row('signin:ip:window-passed', { count: 7, windowStart: at(-15 * minute) }),
      await row('sudo:user:lock-forgotten', { count: 2, lockCount: 1, windowStart: at(-lockMemoryMs), lockedUntil: at(-lockMemoryMs) }),
      await row('sms:day:old', { count: 3, windowStart: at(-day) }),
    ];
    const kept = [
      await row('signin:user:in-flight', { inFlight: 1, inFlightUntil: at(minute) }),
      await row('signin:ip:locked', { count: 50, windowStart: at(-day), lockedUntil: at(minute), lockCount: 1 }),
      await row('signin:ip:in-window', { count: 7, windowStart: at(-15 * minute + 1) }),
      await row('2fa:user:consecutive', { count: 9, windowStart: at(-365 * day) }),
      await row('2fa:user:for-good', { count: 10, lockCount: 10, windowStart: at(-365 * day), lockedUntil: at(permanentMs) }),
      await row('sudo:user:lock-remembered', { count: 2, lockCount: 1, windowStart: at(-lockMemoryMs + minute), lockedUntil: at(-lockMemoryMs + minute) }),
      await row('unknown:prefix', { count: 1, windowStart: at(-365 * day) }),
    ];
    expect((await sweep()).RateLimit).toBe(gone.length);
    expect((await t.db.rateLimit.findMany()).map((r) => r.key).sort()).toEqual(kept.map((r) => r.key).sort());
  });

  it('deletes in batches of at most the batch size, and at most maxBatches a run', async () => {
    for (let i = 0; i < 7; i++) await t.db.pendingSignIn.create({ data: { idHash: `batch-${i}`, userId, createdAt: at(-day), expiresAt: at(-1) } });
    const sweeper = createSweeper({ sql: t.ctx.sql, tables: accountSweptTables(t.ctx).filter((s) => s.table === 'PendingSignIn'), now: t.ctx.now, logger: createLogger('test', 'silent'), intervalMs: minute, batchSize: 3, maxBatches: 2 });
    const counted = await countStatements(t.db, () => sweeper.runOnce());
    expect(counted.result).toEqual({ PendingSignIn: 6 });
    expect(counted.statements.filter((s) => /^DELETE/.test(s))).toHaveLength(2);
    expect(await t.db.pendingSignIn.count({ where: { idHash: { startsWith: 'batch-' } } })).toBe(1);
    expect(await sweeper.runOnce()).toEqual({ PendingSignIn: 1 });
  });
});
