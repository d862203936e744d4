import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { countWalSyncs } from './walSyncCounter.ts';

const url = process.env.TEST_POSTGRES_URL;

describe.runIf(url)('countWalSyncs', () => {
  it('counts a WAL flush for each commit that must be durable (other work on the server can only add)', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const table = `wal_probe_${process.pid}`;
    try {
      await client.query(`CREATE TABLE ${table} (n int)`);
      const { result, fsyncs } = await countWalSyncs(url!, async () => {
        // Each INSERT commits on its own (synchronous_commit=on): its WAL is flushed before the answer.
        for (let n = 0; n < 5; n++) await client.query(`INSERT INTO ${table} VALUES (${n})`);
        return 'done';
      });
      expect(result).toBe('done');
      expect(fsyncs).toBeGreaterThanOrEqual(5);
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }
    // Each reading waits for the server's count to settle: 11 s at least, more while other suites write.
  }, 300_000);
});
