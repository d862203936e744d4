/**
 * A counted request's commits, less the emails' (each queued email is an outbox row written in a
 * commit of its own, after the outcome: not part of the unit of work).
 */
export function commitsBesidesMail(counted: { commits: number; statements: readonly string[] }): number {
  return counted.commits - counted.statements.filter((sql) => /OutboxMessage/.test(sql)).length;
}
