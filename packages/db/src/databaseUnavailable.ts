/** Prisma's codes for a database that cannot be reached, timed out, or dropped the connection. */
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
/** Driver-adapter error kinds with the same meaning (SQLite's busy timeout is a SocketTimeout). */
const adapterKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
/**
 * PostgreSQL SQLSTATEs: a statement cancelled by statement_timeout (57014), the server shutting
 * down or starting (57P0x), connection exceptions (08xxx), too many connections (53300).
 */
const postgresStates = /^(57014|57P0[1-3]|08...|53300)$/;
/** better-sqlite3's own codes when another process keeps the write lock past the busy timeout. */
const sqliteCodes = /^SQLITE_BUSY/;
/** node-postgres raises these as plain errors: a stalled answer, a connection attempt that timed out. */
const driverMessages = /Query read timeout|Connection terminated|not queryable|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|Can't reach database server/;

interface Inspectable {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
  cause?: unknown;
}

/**
 * Whether an error means the database is unreachable, stalled or overloaded (the request may
 * succeed later), as opposed to a bug or a refused write. Follows causes and adapter details.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as Inspectable;
  if (typeof e.code === 'string' && (prismaCodes.has(e.code) || postgresStates.test(e.code) || sqliteCodes.test(e.code))) return true;
  if (typeof e.kind === 'string' && adapterKinds.has(e.kind)) return true;
  if (typeof e.message === 'string' && driverMessages.test(e.message)) return true;
  return isDatabaseUnavailable(e.meta?.driverAdapterError?.cause, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}
