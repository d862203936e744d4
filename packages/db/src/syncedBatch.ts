import pg from 'pg';
import { readTimeout } from './guardedPool.ts';
import { remainingBudgetMs } from './requestDeadline.ts';

/** What of node-postgres's Client (8.23, pipeline mode) a batch needs: its queue of queries on the wire. */
interface PipelinedClient {
  _activeQuery: unknown;
  _sentQueryQueue: unknown[];
  connection: PipelinedConnection;
}

interface PipelinedConnection {
  execute(config: { portal: string; rows: number | undefined }): void;
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
  stream: { destroy(): void };
}

/** The protocol message callbacks node-postgres calls on a query (not in its typings). */
interface QueryInternals {
  portal: string;
  rows: number | undefined;
  handleCommandComplete(message: unknown, connection: PipelinedConnection): void;
  handleEmptyQuery(connection: PipelinedConnection): void;
  handleReadyForQuery(connection: PipelinedConnection): void;
  handleError(error: Error, connection: PipelinedConnection): void;
  _getRows(connection: PipelinedConnection, rows: number | undefined): void;
}

const QueryBase = pg.Query as unknown as new (config: pg.QueryConfig) => QueryInternals;

/** The error a statement gets that the server skipped: one before it in its batch failed (as PostgreSQL says of a statement in a failed transaction). */
function skipped(): pg.DatabaseError {
  const error = new pg.DatabaseError('not run: an earlier statement of its batch failed', 0, 'error');
  error.code = '25P02';
  return error;
}

/**
 * One statement of a batch that ends in a single Sync. node-postgres ends every extended-protocol
 * statement with a Sync, and the server answers each Sync with ReadyForQuery and a flush of its
 * socket: a transaction of nine statements costs the server nine sends. Members of a batch but
 * the last send no Sync, so the server answers them together; each completes on its own
 * CommandComplete, handing the connection's answer stream to the next member.
 * On a server error in one member the server skips the rest up to the Sync: those fail as not
 * run, and the statements they had asked to prepare are forgotten (the server never parsed them).
 */
class BatchMember extends QueryBase {
  constructor(
    config: pg.QueryConfig,
    private readonly client: PipelinedClient,
    private readonly batch: BatchMember[],
    private readonly index: number,
  ) {
    super(config);
  }

  private get last(): boolean {
    return this.index === this.batch.length - 1;
  }

  override _getRows(connection: PipelinedConnection, rows: number | undefined): void {
    if (this.last) return super._getRows(connection, rows);
    connection.execute({ portal: this.portal, rows });
  }

  override handleCommandComplete(message: unknown, connection: PipelinedConnection): void {
    super.handleCommandComplete(message, connection);
    if (!this.last) this.handOver(connection);
  }

  /** A statement with nothing to run (blank SQL) ends with EmptyQueryResponse, not CommandComplete. */
  override handleEmptyQuery(connection: PipelinedConnection): void {
    super.handleEmptyQuery(connection);
    if (!this.last) this.handOver(connection);
  }

  /** This member's answer is complete: it is answered, and the answers that follow are the next member's. */
  private handOver(connection: PipelinedConnection): void {
    const { client } = this;
    const next = this.batch[this.index + 1];
    if (client._activeQuery !== this || client._sentQueryQueue[0] !== next) {
      // The answers are out of step with the queries: nothing more can be read on this connection.
      connection.stream.destroy();
      return;
    }
    client._activeQuery = client._sentQueryQueue.shift();
    super.handleReadyForQuery(connection);
  }

  override handleError(error: Error, connection: PipelinedConnection): void {
    if (error instanceof pg.DatabaseError) {
      for (const member of this.batch.slice(this.index + 1)) {
        const at = this.client._sentQueryQueue.indexOf(member);
        if (at === -1) continue;
        this.client._sentQueryQueue.splice(at, 1);
        const { name } = member as unknown as { name?: string };
        if (name && connection.parsedStatements[name] === undefined) delete connection.submittedNamedStatements[name];
        process.nextTick(() => member.handleError(skipped(), connection));
      }
    }
    super.handleError(error, connection);
  }
}

/**
 * Sends statements as one batch on a pipelined connection, with one Sync at its end: their
 * answers, each a promise. Each goes through `client.query` (so the pool's guard sees it).
 */
export function sendSyncedBatch(client: pg.PoolClient, queries: readonly pg.QueryConfig[]): Promise<pg.QueryResult>[] {
  const batch: BatchMember[] = [];
  const internals = client as unknown as PipelinedClient;
  const submit = client.query.bind(client) as unknown as (query: BatchMember, callback: (error: Error | null, result: pg.QueryResult) => void) => void;
  for (const [index, query] of queries.entries()) batch.push(new BatchMember(query, internals, batch, index));
  const answers: Promise<pg.QueryResult>[] = [];
  // Each is sent before the next is built: one that cannot be sent throws here, so the caller
  // sends nothing more (no COMMIT) and destroys the connection.
  for (const [index, member] of batch.entries()) {
    let settle: (error: Error | null, result: pg.QueryResult) => void = () => undefined;
    answers.push(new Promise<pg.QueryResult>((resolve, reject) => (settle = (error, result) => (error ? reject(error) : resolve(result)))));
    submit(member, settle);
    // One node-postgres did not put on the wire (it refused it, or the pool's guard did: no time
    // left) must stop the batch here: the server would run the others, and the COMMIT after them.
    if (internals._activeQuery !== member && !internals._sentQueryQueue.includes(member)) {
      // The members already sent wait for a Sync that will not come, and the server answers
      // nothing before it: only closing the socket ends them (and the server rolls back).
      if (index > 0) internals.connection.stream.destroy();
      // The caller gets the error, not these answers: they fail with the connection.
      for (const answer of answers) answer.catch(() => undefined);
      throw remainingBudgetMs(Number.POSITIVE_INFINITY) <= 0 ? readTimeout() : new Error('A statement of a batch could not be sent');
    }
  }
  return answers;
}
