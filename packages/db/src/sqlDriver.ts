import type { Provider } from './schemaSources.ts';

export type SqlValue = string | number | boolean | Date | null;

/** One statement with `?` placeholders (the PostgreSQL driver numbers them). */
export interface SqlStatement {
  sql: string;
  params: readonly SqlValue[];
}

export type SqlRow = Record<string, unknown>;

export interface SqlResult {
  rows: SqlRow[];
  /** Rows written (0 for a SELECT). */
  changes: number;
}

/**
 * One statement of a transaction. `accept` looks at its result before the next statement runs;
 * when it says no, the whole transaction rolls back (a spent code already spent, a limit reached).
 */
export interface SqlStep {
  statement: SqlStatement;
  accept?: (result: SqlResult) => boolean;
  /**
   * `accept`'s rule for PostgreSQL to judge itself in the step's own statement, failing with
   * SQLSTATE RF001 (`recovery_refuse_unless`) where `accept` would refuse, so the driver may send
   * the step with the COMMIT and the rows it locks are not held across a round trip. A server
   * refusal is only a hint: the transaction then runs again judged by `accept`, which decides.
   */
  serverCheck?: OneRowRule;
}

/**
 * A step's rule PostgreSQL checks in the step's own statement: it changed exactly one row (see
 * `oneRowStep`) and, with `where` (over the columns the step returns), that row passes it.
 */
export interface OneRowRule {
  oneRow: true;
  where?: SqlStatement;
}

export interface TransactionOptions {
  /**
   * `later`: the COMMIT does not wait for its record to reach the disk (PostgreSQL's
   * `synchronous_commit = off`, for this transaction only); the next synchronous commit on the
   * database flushes it, since the log is flushed in order. Only for a reservation whose every
   * answer waits for such a commit (the outcome's). SQLite flushes every commit
   * (`synchronous=FULL`) and ignores it.
   */
  flush?: 'now' | 'later';
}

export type SqlTransactionResult =
  | { committed: true; results: SqlResult[] }
  | { committed: false; refusedAt: number; results: SqlResult[] };

/**
 * Sees every statement that reaches the database driver, Prisma's and the SQL driver's alike:
 * statement budgets are counted here, and tests inject failures here (a throwing `statement`
 * fails that statement, and its transaction rolls back).
 */
export interface StatementObserver {
  statement(sql: string, inTransaction: boolean): void;
  commit(): void;
}

/**
 * Prepared SQL on the same driver (the same connection for SQLite, the same pool for
 * PostgreSQL) as the Prisma client, for the hottest tables. Prisma owns their schema; this only
 * runs statements. A transaction is a list of steps run back to back: on SQLite with nothing else
 * interleaved on the connection, on PostgreSQL on one pooled connection.
 */
export interface SqlDriver {
  readonly provider: Provider;
  /** One statement in its own (auto-committed) transaction. */
  query(statement: SqlStatement): Promise<SqlResult>;
  /** The steps in one transaction, committed once, or rolled back when a step is refused or fails. */
  transaction(steps: readonly SqlStep[], options?: TransactionOptions): Promise<SqlTransactionResult>;
  observe(observer: StatementObserver): () => void;
}

export function isWrite(sql: string): boolean {
  return !/^\s*(select|pragma|begin|commit|rollback|savepoint|release)\b/i.test(sql);
}

export function isTransactionControl(sql: string): boolean {
  return /^\s*(begin|commit|rollback|savepoint|release)\b/i.test(sql);
}

/** The observers of one database, told about each statement before it runs. */
export class StatementObservers implements StatementObserver {
  private readonly observers = new Set<StatementObserver>();

  add(observer: StatementObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  statement(sql: string, inTransaction: boolean): void {
    if (isTransactionControl(sql)) return;
    for (const observer of this.observers) observer.statement(sql, inTransaction);
    // A write outside a transaction commits by itself.
    if (!inTransaction && isWrite(sql)) this.commit();
  }

  commit(): void {
    for (const observer of this.observers) observer.commit();
  }
}

/** Values the drivers return, read the same way on both (SQLite keeps dates as ISO text). */
export function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value as string | number);
}

export function asNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function asBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

const drivers = new WeakMap<object, SqlDriver>();

export function registerSqlDriver(client: object, driver: SqlDriver): void {
  drivers.set(client, driver);
}

/** The SQL driver that shares this Prisma client's connection. */
export function sqlDriverOf(client: object): SqlDriver {
  const driver = drivers.get(client);
  if (!driver) throw new Error('This database client was not created by createAccountDb or createPartnerDb');
  return driver;
}

/** Counts statements and commits through the driver while `work` runs (for statement budgets). */
export async function countStatements<T>(client: object, work: () => Promise<T>): Promise<{ result: T; statements: string[]; commits: number }> {
  const statements: string[] = [];
  let commits = 0;
  const stop = sqlDriverOf(client).observe({
    statement: (sql) => statements.push(sql),
    commit: () => {
      commits += 1;
    },
  });
  try {
    const result = await work();
    return { result, statements, commits };
  } finally {
    stop();
  }
}

/**
 * Builds a statement from a template: each interpolated value becomes a `?` parameter, and an
 * interpolated statement is spliced in with its own parameters, so parameters always line up.
 */
export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | SqlStatement)[]): SqlStatement {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((value, index) => {
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      text += value.sql;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[index + 1] ?? '';
  });
  return { sql: text, params };
}

/** Raw text (an identifier chosen by the code, never by input) spliced into a template. */
export function raw(text: string): SqlStatement {
  return { sql: text, params: [] };
}

/** Statements joined by a separator, parameters in order. */
export function joinSql(parts: readonly SqlStatement[], separator: string): SqlStatement {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}
