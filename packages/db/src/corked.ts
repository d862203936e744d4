import type pg from 'pg';

/**
 * Runs `send` with the connection's socket corked: node-postgres writes each pipelined query
 * with a syscall of its own, so a batch of them (BEGIN, the steps, the COMMIT) goes out in one
 * write instead. Queries are submitted synchronously in pipeline mode, so they are all buffered
 * by the time the socket is uncorked.
 */
export function corked<T>(client: pg.PoolClient, send: () => T): T {
  const stream = (client as unknown as pg.Client).connection?.stream;
  stream?.cork();
  try {
    return send();
  } finally {
    stream?.uncork();
  }
}
