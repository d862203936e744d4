import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { migrationsDir } from './schemaSources.ts';
import type { Provider, Service } from './schemaSources.ts';

/** Reads a Prisma migrations folder in the shape the schema engine expects. */
export function loadMigrationList(service: Service, provider: Provider): MigrationList {
  const baseDir = migrationsDir(service, provider);
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const sqlPath = path.join(baseDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: existsSync(sqlPath)
          ? { path: 'migration.sql', content: { tag: 'ok' as const, value: readFileSync(sqlPath, 'utf8') } }
          : { path: 'migration.sql', content: { tag: 'error' as const, value: 'missing migration.sql' } },
      };
    }),
  };
}
