/** Prisma's unique-constraint error (P2002), raised when two requests race for one value. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
