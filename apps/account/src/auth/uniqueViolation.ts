/**
 * A unique-constraint error, raised when two requests race for one value: Prisma's (P2002), or
 * the SQL driver's (PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'P2002' || code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
