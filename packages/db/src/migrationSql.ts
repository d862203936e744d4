import { existsSync, readFileSync } from 'node:fs';
import { adapterFactoryFor } from './adapterFactory.ts';
import { openSchemaEngine } from './schemaEngine.ts';
import { composeSchema, schemaPath, snapshotPath } from './schemaSources.ts';
import type { Provider, Service } from './schemaSources.ts';

/**
 * The SQL that takes a database from the models of the last committed migration (its snapshot)
 * to the current models. Diffing two datamodels needs no introspection of a live database, which
 * this engine build cannot do over the PostgreSQL adapter. The engine still connects to a
 * database of the provider: `connectUrl` (SQLite defaults to an in-memory one). With
 * `from = 'empty'` it is the whole schema.
 */
export async function migrationSqlFromSnapshot(
  service: Service,
  provider: Provider,
  connectUrl?: string,
  from: 'snapshot' | 'empty' = 'snapshot',
): Promise<string> {
  const url = connectUrl ?? (provider === 'sqlite' ? 'file::memory:' : undefined);
  if (!url) throw new Error('A PostgreSQL server URL is needed to write PostgreSQL migrations');
  const current = { path: schemaPath(service, provider), content: composeSchema(service, provider) };
  const snapshot = from === 'snapshot' && existsSync(snapshotPath(service))
    ? { path: snapshotPath(service), content: composeSchema(service, provider, readFileSync(snapshotPath(service), 'utf8')) }
    : undefined;
  const { engine, close } = await openSchemaEngine(adapterFactoryFor(url, { poolSize: 1 }), current);
  try {
    const result = await engine.diff({
      from: snapshot ? { tag: 'schemaDatamodel', files: [snapshot] } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [current] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return withoutEmptyMarker(result.stdout ?? '');
  } finally {
    await close();
  }
}

/** The engine prints a comment for an empty diff; treat whitespace and that comment as empty. */
export function withoutEmptyMarker(sql: string): string {
  const meaningful = sql
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^-- This is an empty migration\.?$/.test(line.trim()));
  return meaningful.length === 0 ? '' : sql;
}
