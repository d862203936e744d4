import { AsyncResource } from 'node:async_hooks';
import { setImmediate } from 'node:timers';
import type Database from 'better-sqlite3';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { isBusy } from './sqliteBusy.ts';
import type { SqlResult, SqlStep, SqlTransactionResult } from './sqlDriver.ts';

interface Member {
  steps: readonly SqlStep[];
  /** The caller's async context: its request's deadline, and whose statements these are. */
  scope: AsyncResource;
  /** When the caller stops waiting for the write lock (ms since the epoch). */
  giveUpAt: number;
  resolve(result: SqlTransactionResult): void;
  reject(error: unknown): void;
  settled?: boolean;
}

function settle(member: Member, outcome: Outcome): void {
  if (member.settled) return;
  member.settled = true;
  if ('result' in outcome) member.resolve(outcome.result);
  else member.reject(outcome.error);
}

type Outcome = { result: SqlTransactionResult } | { error: unknown };

export interface GroupCommitTools {
  /**
   * Takes the process's lock and SQLite's write lock, waiting at most `budgetMs`. Its release
   * rolls back a transaction still open first (beginImmediate's does: releaseWhenClosed).
   */
  begin(budgetMs: number): Promise<() => void>;
  /** Runs one statement inside the open transaction. */
  run(statement: SqlStep['statement']): SqlResult;
}

const lockTimeout = () => new DriverAdapterError({ kind: 'SocketTimeout' });

/**
 * Group commit: the transactions asked for in one turn of the event loop run one after another in
 * one SQLite transaction, each inside a savepoint of its own, and share its COMMIT (and so its
 * fsync: every COMMIT is still flushed, synchronous=FULL). A step refused or failing rolls back
 * its own transaction's savepoint only. Nothing is answered before the shared COMMIT: a result is
 * given only once it is on disk, and if the COMMIT fails every transaction of the group fails.
 * Each transaction runs in its caller's async context, so its deadline and its statements stay
 * its own.
 */
export class SqliteGroupCommit {
  private queue: Member[] = [];
  private readonly control = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly tools: GroupCommitTools,
  ) {}

  transaction(steps: readonly SqlStep[], budgetMs: number): Promise<SqlTransactionResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ steps, scope: new AsyncResource('SqliteGroupCommit'), giveUpAt: Date.now() + budgetMs, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    let members = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      const release = await this.begin(members);
      members = members.filter((member) => !member.settled);
      try {
        outcomes = this.runAll(members);
      } finally {
        release();
      }
    } catch (error) {
      outcomes = members.map(() => ({ error }));
    }
    members.forEach((member, i) => settle(member, outcomes[i]!));
  }

  /**
   * The write lock for the group. Rule (request deadline): while another process holds it, each
   * caller gives up at its own deadline, as it would waiting alone, and the others go on waiting.
   */
  private async begin(members: Member[]): Promise<() => void> {
    for (;;) {
      const waiting = members.filter((member) => !member.settled);
      const first = Math.min(...waiting.map((member) => member.giveUpAt));
      try {
        return await this.tools.begin(first - Date.now());
      } catch (error) {
        if (!isBusy(error) || waiting.every((member) => member.giveUpAt <= first)) throw error;
        for (const member of waiting) if (member.giveUpAt <= first) settle(member, { error });
      }
    }
  }

  /** From BEGIN to COMMIT, synchronously: nothing else in this process runs in between. */
  private runAll(members: readonly Member[]): Outcome[] {
    try {
      // A savepoint outside a transaction would start a deferred one of its own, and its RELEASE
      // would commit that member alone.
      if (!this.db.inTransaction) throw new Error('The write transaction ended before its group ran');
      const outcomes = this.runMembers(members);
      this.statement('COMMIT').run();
      return outcomes;
    } catch (error) {
      // Nothing of the group was kept: every transaction fails, including a refusal, which may
      // have been judged on another transaction's rows that are now gone. Each hears why. The
      // transaction, if still open, is rolled back by the lock's release, before anything else
      // runs (releaseWhenClosed, in the caller's finally).
      return members.map(() => ({ error }));
    }
  }

  private runMembers(members: readonly Member[]): Outcome[] {
    return members.map((member) => {
      // Rule (request deadline): no database call outlasts its request's deadline. A caller whose
      // deadline passed before its turn (the lock held by another process, by Prisma, or by the
      // members before it) gets the timeout it would have got waiting alone, and nothing of it runs.
      if (Date.now() >= member.giveUpAt) return { error: lockTimeout() };
      const outcome = member.scope.runInAsyncScope(() => this.runOne(member.steps));
      // Some errors (a full disk, an I/O error) make SQLite roll the whole transaction back:
      // what the group did so far is gone, so no transaction of it may be answered as done.
      if (!this.db.inTransaction) throw 'error' in outcome ? outcome.error : new Error('SQLite ended the transaction');
      return outcome;
    });
  }

  private runOne(steps: readonly SqlStep[]): Outcome {
    this.statement('SAVEPOINT member').run();
    const results: SqlResult[] = [];
    try {
      for (const [index, step] of steps.entries()) {
        const result = this.tools.run(step.statement);
        results.push(result);
        if (step.accept && !step.accept(result)) {
          this.undo();
          return { result: { committed: false, refusedAt: index, results } };
        }
      }
      this.statement('RELEASE member').run();
      return { result: { committed: true, results } };
    } catch (error) {
      if (this.db.inTransaction) this.undo();
      return { error };
    }
  }

  private undo(): void {
    this.statement('ROLLBACK TO member').run();
    this.statement('RELEASE member').run();
  }

  private statement(text: string): Database.Statement {
    let prepared = this.control.get(text);
    if (!prepared) {
      prepared = this.db.prepare(text);
      this.control.set(text, prepared);
    }
    return prepared;
  }
}
