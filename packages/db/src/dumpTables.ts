import { providerForUrl } from './schemaSources.ts';

interface RawQueries {
  $queryRawUnsafe<T = unknown>(query: string): Promise<T>;
}

/**
 * Every row of every application table, in a stable order, as text: two dumps are equal exactly
 * when the database content is. Tests use it to prove refused requests change nothing.
 */
export async function dumpTables(db: RawQueries, url: string): Promise<string> {
  const sqlite = providerForUrl(url) === 'sqlite';
  const tables = sqlite
    ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`)
    : await db.$queryRawUnsafe<{ name: string }[]>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name`);
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`);
    const lines = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).sort();
    parts.push(`## ${name} (${rows.length})`, ...lines);
  }
  return parts.join('\n');
}
