import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createAccountDb } from './accountDb.ts';
import { diffSqliteMigrationsToSchema, migrateDatabase } from './migrate.ts';
import { migrationSqlFromSnapshot } from './migrationSql.ts';
import { postgresSchemaFingerprint } from './postgresSchemaFingerprint.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import type { ScratchDatabase } from './scratchDatabase.ts';
import { services } from './schemaSources.ts';

const postgresUrl = process.env.TEST_POSTGRES_URL;
const scratches: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.drop()));
});

describe.each(services)('%s migrations on SQLite', (service) => {
  it('reproduce the models exactly (empty diff from migrations to schema)', async () => {
    expect(await diffSqliteMigrationsToSchema(service)).toBe('');
  });

  it('apply once, then find nothing left to apply', async () => {
    const scratch = await createScratchDatabase('sqlite');
    scratches.push(scratch);
    const first = await migrateDatabase(service, scratch.url);
    expect(first.length).toBeGreaterThan(0);
    expect(await migrateDatabase(service, scratch.url)).toEqual([]);
  });

  it('are all committed: the models match their snapshot', async () => {
    expect(await migrationSqlFromSnapshot(service, 'sqlite')).toBe('');
  });
});

describe.runIf(postgresUrl)('on PostgreSQL', () => {
  describe.each(services)('%s migrations', (service) => {
    it('reproduce the models exactly (same catalog as a database built from the models)', async () => {
      const fromMigrations = await createScratchDatabase('postgresql', postgresUrl, 'fp_migrations');
      const fromModels = await createScratchDatabase('postgresql', postgresUrl, 'fp_models');
      scratches.push(fromMigrations, fromModels);
      await migrateDatabase(service, fromMigrations.url);
      const client = new pg.Client({ connectionString: fromModels.url });
      await client.connect();
      await client.query(await migrationSqlFromSnapshot(service, 'postgresql', postgresUrl, 'empty'));
      await client.end();
      const [a, b] = await Promise.all([postgresSchemaFingerprint(fromMigrations.url), postgresSchemaFingerprint(fromModels.url)]);
      expect(a.length).toBeGreaterThan(10);
      expect(a).toEqual(b);
    });

    it('are all committed: the models match their snapshot', async () => {
      expect(await migrationSqlFromSnapshot(service, 'postgresql', postgresUrl)).toBe('');
    });
  });

  it('records applied migrations so a second run applies nothing', async () => {
    const scratch = await createScratchDatabase('postgresql', postgresUrl);
    scratches.push(scratch);
    expect((await migrateDatabase('account', scratch.url)).length).toBeGreaterThan(0);
    expect(await migrateDatabase('account', scratch.url)).toEqual([]);
    const db = createAccountDb(scratch.url);
    expect(await db.user.count()).toBe(0);
    await db.$disconnect();
  });
});
