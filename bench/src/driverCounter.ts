import type Database from 'better-sqlite3';
import type pg from 'pg';

/** Statements and commits seen at a database driver (transaction control is not a statement). */
export class DriverCounter {
  statements = 0;
  commits = 0;

  /** One statement; a write outside a transaction commits by itself. */
  saw(sql: string, inTransaction: boolean): void {
    if (/^\s*commit\b/i.test(sql)) {
      this.commits += 1;
      return;
    }
    if (/^\s*(begin|rollback|savepoint|release)\b/i.test(sql)) return;
    this.statements += 1;
    if (!inTransaction && !/^\s*(select|pragma)\b/i.test(sql)) this.commits += 1;
  }

  reset(): void {
    this.statements = 0;
    this.commits = 0;
  }
}

/** Counts what runs through better-sqlite3's prepared statements (Kysely's SQLite dialect uses only these). */
export function countSqlite(database: Database.Database, counter: DriverCounter): void {
  const prepare = database.prepare.bind(database);
  database.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        counter.saw(source, database.inTransaction);
        return original(...args);
      };
    }
    return statement;
  }) as typeof database.prepare;
}

/** Counts what runs through a node-postgres pool's clients (Kysely's PostgreSQL dialect checks clients out). */
export function countPgPool(pool: pg.Pool, counter: DriverCounter): void {
  const open = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (open.has(client)) return;
    open.add(client);
    let inTransaction = false;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
      if (/^\s*begin\b/i.test(text)) inTransaction = true;
      counter.saw(text, inTransaction);
      if (/^\s*(commit|rollback)\b/i.test(text)) inTransaction = false;
      return query(...args);
    };
  });
}
