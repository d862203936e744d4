import { adapterFactoryFor } from './adapterFactory.ts';
import type { AdapterOptions } from './adapterFactory.ts';
import { loadMigrationList } from './migrations.ts';
import { openSchemaEngine } from './schemaEngine.ts';
import { withoutEmptyMarker } from './migrationSql.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import { composeSchema, packageRoot, providerForUrl, redactUrl, schemaPath } from './schemaSources.ts';
import type { Provider, Service } from './schemaSources.ts';

const noFilters = { externalTables: [], externalEnums: [] };

function datamodelFor(service: Service, provider: Provider): { path: string; content: string } {
  return { path: schemaPath(service, provider), content: composeSchema(service, provider) };
}

/**
 * Applies the service's committed migrations to the database at `url`, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` would. Returns the names applied now.
 */
export async function migrateDatabase(service: Service, url: string, options: Pick<AdapterOptions, 'timeoutMs'> = {}): Promise<string[]> {
  const provider = providerForUrl(url);
  const migrationsList = loadMigrationList(service, provider);
  let opened: Awaited<ReturnType<typeof openSchemaEngine>> | undefined;
  try {
    // On SQLite the engine takes the file with locking_mode=EXCLUSIVE, which in WAL mode waits for
    // every other connection (another instance, a backup tool) to go away. A restart has nothing
    // to apply: find that out with an ordinary connection and leave the engine closed.
    if (provider === 'sqlite' && !(await hasPendingMigrations(url, migrationsList.migrationDirectories.map((m) => m.path)))) return [];
    opened = await openSchemaEngine(adapterFactoryFor(url, { poolSize: 2, timeoutMs: options.timeoutMs, statements: 'unbounded' }), datamodelFor(service, provider));
    const result = await opened.engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  } catch (error) {
    const cause = opened ? opened.explain(error) : error;
    const busy = provider === 'sqlite' && /SocketTimeout|SQLITE_BUSY/.test(describe(cause));
    throw new Error(`Could not migrate the ${service} database at ${redactUrl(url)}: ${busy ? 'the file is in use by another process; stop every other instance and tool using it, then start again' : describe(cause)}`, {
      cause,
    });
  } finally {
    await opened?.close();
  }
}

/** Whether any of `names` is not yet recorded as applied in a SQLite file's `_prisma_migrations`. */
async function hasPendingMigrations(url: string, names: string[]): Promise<boolean> {
  const adapter = await adapterFactoryFor(url, { poolSize: 1 }).connect();
  const query = (sql: string) => adapter.queryRaw({ sql, args: [], argTypes: [] });
  try {
    const table = await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'");
    if (table.rows.length === 0) return names.length > 0;
    const applied = await query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    const done = new Set(applied.rows.map((row) => String(row[0])));
    return names.some((name) => !done.has(name));
  } finally {
    await adapter.dispose();
  }
}

/**
 * The SQL that would take a database built from the committed migrations to the current
 * models; empty when the migrations reproduce the schema exactly. The migrations are applied to
 * a scratch SQLite file which the engine then compares with the models. (Replaying into the
 * engine's own shadow database fails with this engine build: it sends whole scripts through
 * `executeRaw`, which better-sqlite3 refuses. PostgreSQL is checked by `postgresSchemaFingerprint`.)
 */
export async function diffSqliteMigrationsToSchema(service: Service): Promise<string> {
  const scratch = await createScratchDatabase('sqlite', undefined, `diff_${service}`);
  try {
    await migrateDatabase(service, scratch.url);
    const datamodel = datamodelFor(service, 'sqlite');
    const { engine, close } = await openSchemaEngine(adapterFactoryFor(scratch.url, { poolSize: 1 }), datamodel);
    try {
      const result = await engine.diff({
        from: { tag: 'schemaDatasource', files: [datamodel], configDir: packageRoot },
        to: { tag: 'schemaDatamodel', files: [datamodel] },
        script: true,
        exitCode: null,
        filters: noFilters,
      });
      return withoutEmptyMarker(result.stdout ?? '');
    } finally {
      await close();
    }
  } finally {
    await scratch.drop();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
