import type { AccountDb } from '../accountDb.ts';

/**
 * Opens a Prisma transaction and keeps it (and its PostgreSQL connection, or SQLite's lock) until
 * `release` is called: for tests of what waits behind a busy pool.
 */
export async function holdTransaction(db: AccountDb): Promise<{ release: () => void; done: Promise<unknown> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const done = db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT 1');
    entered();
    await released;
  });
  await inside;
  return { release, done };
}
