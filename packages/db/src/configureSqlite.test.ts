import { afterAll, describe, expect, it } from 'vitest';
import { createAccountDb } from './accountDb.ts';
import { configureSqlite } from './configureSqlite.ts';
import { migrateDatabase } from './migrate.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import type { ScratchDatabase } from './scratchDatabase.ts';

const scratches: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.drop()));
});

describe('configureSqlite', () => {
  it('turns on write-ahead logging with full synchronous commits', async () => {
    const scratch = await createScratchDatabase('sqlite');
    scratches.push(scratch);
    await migrateDatabase('account', scratch.url);
    const db = createAccountDb(scratch.url);
    await configureSqlite(db, scratch.url);
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [sync] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>('PRAGMA synchronous');
    expect(mode?.journal_mode).toBe('wal');
    expect(Number(sync?.synchronous)).toBe(2);
    await db.$disconnect();
  });
});
