import { adapterFactoryFor } from './adapterFactory.ts';
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
export async function migrateDatabase(service: Service, url: string): Promise<string[]> {
  const provider = providerForUrl(url);
  const { engine, close } = await openSchemaEngine(adapterFactoryFor(url, { poolSize: 2 }), datamodelFor(service, provider));
  try {
    const result = await engine.applyMigrations({
      migrationsList: loadMigrationList(service, provider),
      filters: noFilters,
    });
    return result.appliedMigrationNames;
  } catch (error) {
    throw new Error(`Could not migrate the ${service} database at ${redactUrl(url)}: ${describe(error)}`, {
      cause: error,
    });
  } finally {
    await close();
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
