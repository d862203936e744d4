import pg from 'pg';

async function walSyncs(client: pg.Client): Promise<number> {
  // A fresh look each time: a transaction's statistics snapshot would repeat the first reading.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ n: string }>('SELECT wal_sync::text AS n FROM pg_stat_wal');
  return Number(rows[0]?.n ?? 0);
}

/**
 * The server's count once every backend has reported: PostgreSQL batches a backend's statistics
 * and an idle backend sends them within its idle interval (10 s), so the count is read until two
 * readings that far apart agree.
 */
async function settledWalSyncs(client: pg.Client): Promise<number> {
  let last = await walSyncs(client);
  for (let tries = 0; tries < 6; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const now = await walSyncs(client);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/**
 * The WAL flushes (fdatasync or fsync of the WAL) the PostgreSQL server made while `work` ran,
 * as the server counts them (pg_stat_wal.wal_sync): every backend's, and the WAL writer's.
 * Server-wide, so nothing else may run meanwhile.
 */
export async function countWalSyncs<T>(url: string, work: () => Promise<T>): Promise<{ result: T; fsyncs: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const before = await settledWalSyncs(client);
    const result = await work();
    return { result, fsyncs: (await settledWalSyncs(client)) - before };
  } finally {
    await client.end();
  }
}
