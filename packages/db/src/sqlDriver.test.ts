import { afterAll, describe, expect, it } from 'vitest';
import { createAccountDb } from './accountDb.ts';
import { migrateDatabase } from './migrate.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import type { ScratchDatabase } from './scratchDatabase.ts';
import { asDate, countStatements, sqlDriverOf } from './sqlDriver.ts';
import type { Provider } from './schemaSources.ts';

const scratches: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.drop()));
});

const providers: Provider[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

describe.each(providers)('the SQL driver beside Prisma (%s)', (provider) => {
  async function freshDb() {
    const scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'sqldriver');
    scratches.push(scratch);
    await migrateDatabase('account', scratch.url);
    return createAccountDb(scratch.url);
  }

  it('reads what Prisma wrote and Prisma reads what it wrote, dates included', async () => {
    const db = await freshDb();
    const sql = sqlDriverOf(db);
    const windowStart = new Date('2026-12-01T03:00:00.123Z');
    await db.rateLimit.create({ data: { key: 'a', count: 2, windowStart } });
    const read = await sql.query({ sql: 'SELECT "count", "windowStart" FROM "RateLimit" WHERE "key" = ?', params: ['a'] });
    expect(read.rows[0]?.count).toBe(2);
    expect(asDate(read.rows[0]?.windowStart)?.getTime()).toBe(windowStart.getTime());
    await sql.query({ sql: 'INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (?, ?, ?, 0, 0)', params: ['b', 3, windowStart] });
    expect(await db.rateLimit.findUniqueOrThrow({ where: { key: 'b' } })).toMatchObject({ count: 3, windowStart });
    await db.$disconnect();
  });

  it('commits a transaction once, and a refused step rolls every earlier step back', async () => {
    const db = await freshDb();
    const sql = sqlDriverOf(db);
    const insert = (key: string) => ({ statement: { sql: 'INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (?, 0, ?, 0, 0)', params: [key, new Date()] } });
    const counted = await countStatements(db, () => sql.transaction([insert('x'), insert('y')]));
    expect(counted.result.committed).toBe(true);
    expect(counted).toMatchObject({ commits: 1 });
    expect(counted.statements).toHaveLength(2);
    const refused = await sql.transaction([insert('z'), { ...insert('w'), accept: () => false }]);
    expect(refused).toMatchObject({ committed: false, refusedAt: 1 });
    expect((await db.rateLimit.findMany({ orderBy: { key: 'asc' } })).map((r) => r.key)).toEqual(['x', 'y']);
    await db.$disconnect();
  });

  it('judges the steps in order: a refusal decides even when a later step would have failed, and nothing is kept', async () => {
    const db = await freshDb();
    const sql = sqlDriverOf(db);
    const insert = (key: string) => ({ statement: { sql: 'INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (?, 0, ?, 0, 0)', params: [key, new Date()] } });
    await sql.transaction([insert('taken')]);
    // On PostgreSQL the later steps reach the server with the first (pipelined); a duplicate
    // key after the refusal must not turn the refusal into an error, nor keep the first insert.
    const refused = await sql.transaction([insert('kept?'), { ...insert('refused'), accept: () => false }, insert('taken')]);
    expect(refused).toMatchObject({ committed: false, refusedAt: 1 });
    expect(refused.results).toHaveLength(2);
    await expect(sql.transaction([insert('before'), insert('taken'), { ...insert('after'), accept: () => false }])).rejects.toThrow();
    expect((await db.rateLimit.findMany()).map((r) => r.key)).toEqual(['taken']);
    // The driver still works after both: a failed connection was not given back to be reused.
    expect(await sql.transaction([insert('next')])).toMatchObject({ committed: true });
    expect(await db.rateLimit.count()).toBe(2);
    await db.$disconnect();
  });

  it('counts Prisma statements too, and a failing statement rolls the transaction back', async () => {
    const db = await freshDb();
    const sql = sqlDriverOf(db);
    const counted = await countStatements(db, () => db.rateLimit.findMany());
    expect(counted.statements).toHaveLength(1);
    expect(counted.commits).toBe(0);
    const stop = sql.observe({
      statement: (text) => {
        if (text.includes('"second"')) throw new Error('injected');
      },
      commit: () => undefined,
    });
    const step = (key: string, column: string) => ({ statement: { sql: `INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (?, 0, ?, 0, 0) -- ${column}`, params: [key, new Date()] } });
    await expect(sql.transaction([step('p', '"first"'), step('q', '"second"')])).rejects.toThrow('injected');
    stop();
    expect(await db.rateLimit.count()).toBe(0);
    await db.$disconnect();
  });
});
