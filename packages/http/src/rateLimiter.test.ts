import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb, createScratchDatabase, migrateDatabase, sql, sqlDriverOf } from '@recovery/db';
import type { AccountDb, ScratchDatabase } from '@recovery/db';
import { RateLimiter, rateLimitTable, reserveAttempts } from './rateLimiter.ts';
import type { RateLimitPolicy } from './rateLimiter.ts';

const policy: RateLimitPolicy = { maxFailures: 3, windowMs: 60_000, lockMs: 60_000, maxLockMs: 60_000, message: 'Too many attempts' };
const now = new Date('2026-12-06T12:00:00.000Z');

/** Counter rows before a reservation: every case the verdict tells apart, and its edges. */
const states = [
  { name: 'new key', row: null },
  { name: 'no failures', row: { count: 0, inFlight: 0, lockedUntil: null } },
  { name: 'one slot left', row: { count: 1, inFlight: 1, lockedUntil: null } },
  { name: 'every slot in flight', row: { count: 1, inFlight: 2, lockedUntil: null } },
  { name: 'failures at the limit', row: { count: 3, inFlight: 0, lockedUntil: null } },
  { name: 'locked', row: { count: 3, inFlight: 0, lockedUntil: new Date(now.getTime() + 1) } },
  { name: 'lock ended at this very ms', row: { count: 3, inFlight: 0, lockedUntil: now } },
  { name: 'lock over', row: { count: 3, inFlight: 0, lockedUntil: new Date(now.getTime() - 1) } },
  { name: 'window over', row: { count: 2, inFlight: 0, lockedUntil: null, windowStart: new Date(now.getTime() - 60_000) } },
] as const;

describe.runIf(process.env.TEST_POSTGRES_URL)('a reservation judged by PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let db: AccountDb;
  beforeAll(async () => {
    scratch = await createScratchDatabase('postgresql', process.env.TEST_POSTGRES_URL, 'reserve');
    await migrateDatabase('account', scratch.url);
    db = createAccountDb(scratch.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await scratch.drop();
  });

  async function put(key: string, row: (typeof states)[number]['row']): Promise<void> {
    if (!row) return;
    const windowStart = 'windowStart' in row ? row.windowStart : now;
    await sqlDriverOf(db).query(
      sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockedUntil", "lockCount", "inFlight", "inFlightUntil") VALUES (${key}, ${row.count}, ${windowStart}, ${row.lockedUntil}, 0, ${row.inFlight}, ${new Date(now.getTime() + 60_000)})`,
    );
  }

  it.each(states)('agrees with the verdict of this process: $name', async ({ name, row }) => {
    const limiter = new RateLimiter(rateLimitTable(db, 'RateLimit'), policy, () => now);
    const driver = sqlDriverOf(db);
    // Judged here: the reservation alone, its answer's verdict, then rolled back by a refused step.
    const here = `here:${name}`;
    await put(here, row);
    const step = limiter.reservation(here);
    const probe = await driver.transaction([{ statement: step.statement, accept: () => false }]);
    const verdict = limiter.verdict(probe.results[0]!, now);

    // Judged by the server: the reservation is the last step, so it goes with the COMMIT.
    const there = `there:${name}`;
    await put(there, row);
    const statements: string[] = [];
    const stop = driver.observe({ statement: (text) => statements.push(text), commit: () => undefined });
    const outcome = await driver.transaction([limiter.reservation(there)]);
    stop();
    expect(outcome.committed).toBe(verdict === 'granted');
    // Granted: the reservation (with its check in the same statement) went out once; refused:
    // once more, judged here.
    expect(statements.length).toBe(verdict === 'granted' ? 1 : 2);
    if (!outcome.committed) expect(limiter.verdict(outcome.results[0]!, now)).toBe(verdict);
    const { rows } = await driver.query(sql`SELECT "inFlight" FROM "RateLimit" WHERE "key" = ${there}`);
    // One more attempt in flight if granted; as it was if refused.
    expect(rows[0]?.inFlight ?? null).toBe(verdict === 'granted' ? (row?.inFlight ?? 0) + 1 : (row?.inFlight ?? null));
  });

  it('reserves every limiter or none: a refused second reservation leaves the first as it was', async () => {
    const limiter = new RateLimiter(rateLimitTable(db, 'RateLimit'), policy, () => now);
    await put('both:locked', { count: 3, inFlight: 0, lockedUntil: new Date(now.getTime() + 60_000) });
    await expect(reserveAttempts(sqlDriverOf(db), [], [{ limiter, key: 'both:free' }, { limiter, key: 'both:locked' }])).rejects.toMatchObject({ code: 'rate_limited' });
    const { rows } = await sqlDriverOf(db).query(sql`SELECT "key" FROM "RateLimit" WHERE "key" = ${'both:free'}`);
    expect(rows).toEqual([]);
  });

  it('counts a failure in one commit (the reservation and the failure together), refused once the key is locked', async () => {
    const limiter = new RateLimiter(rateLimitTable(db, 'RateLimit'), policy, () => now);
    let commits = 0;
    const stop = sqlDriverOf(db).observe({ statement: () => undefined, commit: () => (commits += 1) });
    const locked = [await limiter.recordFailure('count:a'), await limiter.recordFailure('count:a'), await limiter.recordFailure('count:a')];
    stop();
    // The third failure is the one that locks.
    expect(locked).toEqual([false, false, true]);
    expect(commits).toBe(3);
    await expect(limiter.recordFailure('count:a')).rejects.toMatchObject({ code: 'rate_limited' });
    const { rows } = await sqlDriverOf(db).query(sql`SELECT "count", "inFlight" FROM "RateLimit" WHERE "key" = ${'count:a'}`);
    expect(rows).toEqual([{ count: 3, inFlight: 0 }]);
  });
});

const providers = ['sqlite', ...(process.env.TEST_POSTGRES_URL ? ['postgresql' as const] : [])] as const;

describe.each(providers)('a reservation whose key its own transaction reads, on %s', (provider) => {
  let scratch: ScratchDatabase;
  let db: AccountDb;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'keyread');
    await migrateDatabase('account', scratch.url);
    db = createAccountDb(scratch.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await scratch.drop();
  });

  // A key read from a row the same transaction writes first, as the 2FA step names the account.
  const keyOf = (name: string) => sql`SELECT ${'named:'} || "key" AS "key" FROM "RateLimit" WHERE "key" = ${name}`;
  const inFlight = async (key: string) => (await sqlDriverOf(db).query(sql`SELECT "inFlight" FROM "RateLimit" WHERE "key" = ${key}`)).rows[0]?.inFlight ?? null;

  it('reserves the key the query names, creating its row and then counting on it', async () => {
    const limiter = new RateLimiter(rateLimitTable(db, 'RateLimit'), policy, () => now);
    const seed = { statement: sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${'a'}, 0, ${now}, 0, 0) ON CONFLICT ("key") DO NOTHING` };
    const first = await reserveAttempts(sqlDriverOf(db), [seed], [{ limiter, key: keyOf('a') }]);
    expect(first.granted).toBe(true);
    expect(await inFlight('named:a')).toBe(1);
    await reserveAttempts(sqlDriverOf(db), [seed], [{ limiter, key: keyOf('a') }]);
    expect(await inFlight('named:a')).toBe(2);
  });

  it('refuses when the query names no key, and keeps nothing of the transaction', async () => {
    const limiter = new RateLimiter(rateLimitTable(db, 'RateLimit'), policy, () => now);
    const other = { limiter, key: 'beside' };
    const outcome = await sqlDriverOf(db).transaction([other, { limiter, key: keyOf('missing') }].map(({ limiter: l, key }) => l.reservation(key)));
    expect(outcome).toMatchObject({ committed: false, refusedAt: 1 });
    expect(await inFlight('beside')).toBeNull();
    expect((await sqlDriverOf(db).query(sql`SELECT "key" FROM "RateLimit" WHERE "key" LIKE ${'named:missing%'}`)).rows).toEqual([]);
  });

  it('returns a key query that names no key as refused through reserveAttempts, at once (nothing to wait for)', async () => {
    const limiter = new RateLimiter(rateLimitTable(db, 'RateLimit'), policy, () => now);
    const reserved = await reserveAttempts(sqlDriverOf(db), [], [{ limiter, key: 'beside' }, { limiter, key: keyOf('missing') }]);
    expect(reserved).toMatchObject({ granted: false, refusedAt: 1 });
    expect(await inFlight('beside')).toBeNull();
  });
});
