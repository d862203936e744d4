import type { FsyncRate } from './fsyncRate.ts';
import type { PeerComparison } from './peerComparison.ts';
import type { StackReport } from './runStack.ts';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const databaseNames: Record<string, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

/** The rule: each target is the median of at least this many interleaved pairs. */
export const minimumPairs = 5;

/** Whether a comparison has enough measured pairs to be judged (a pair whose prepared state ran out is not one), and the words that say why not. */
function judgeable(c: PeerComparison): { enough: boolean; tooFew: string } {
  const enough = c.measuredPairs >= minimumPairs;
  return { enough, tooFew: enough ? '' : `; fewer than ${minimumPairs}: not judged` };
}

/** One ratio target at one connection count: met only with enough measured pairs and a median at or above the target. */
function ratioCheck(target: string, c: PeerComparison, atLeast: number): TargetCheck {
  const excluded = c.pairs.length - c.measuredPairs;
  const notCounted = excluded > 0 ? `; ${excluded} not counted: prepared state ran out` : '';
  const { enough, tooFew } = judgeable(c);
  return { target, measured: `${c.medianRatio.toFixed(2)}× (median of ${c.measuredPairs} pairs${notCounted}${tooFew})`, met: enough && c.medianRatio >= atLeast };
}

/**
 * The benchmark's targets, judged from this run's figures: our 2FA sign-in at least 3× Better
 * Auth's throughput at each connection count (median of at least five measured interleaved pairs),
 * our passkey sign-in at least 2× its passkey plugin's, and our p99 at most 4× our p50 at 32
 * connections. A comparison this run did not make, or made with too few measured pairs, is never
 * listed as met.
 */
export function checkTargets(runs: StackReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const run of runs) {
    if (!run.peer) continue;
    const name = databaseNames[run.database] ?? run.database;
    for (const c of run.peer.comparisons) {
      checks.push(ratioCheck(`${name}, ${c.connections} connections: ≥ 3× Better Auth (2FA sign-in)`, c, 3));
      if (c.connections === 32) {
        const spread = c.ours.p50Ms > 0 ? c.ours.p99Ms / c.ours.p50Ms : Infinity;
        const { enough, tooFew } = judgeable(c);
        const note = enough ? '' : ` (median of ${c.measuredPairs} measured pairs${tooFew})`;
        checks.push({ target: `${name}, 32 connections: our p99 ≤ 4× our p50`, measured: `${c.ours.p99Ms} / ${c.ours.p50Ms} ms = ${spread.toFixed(1)}×${note}`, met: enough && spread <= 4 });
      }
    }
  }
  for (const run of runs) {
    if (!run.passkeyPeer) continue;
    const name = databaseNames[run.database] ?? run.database;
    for (const c of run.passkeyPeer.comparisons) {
      checks.push(ratioCheck(`${name}, ${c.connections} connections: ≥ 2× Better Auth's passkey plugin (passkey sign-in)`, c, 2));
    }
  }
  if (!runs.some((run) => run.passkeyPeer)) checks.push({ target: 'passkey sign-in: ≥ 2× Better Auth\'s passkey plugin', measured: 'not measured in this run (peer_passkey not run)', met: false });
  return checks;
}

export function formatTargets(checks: TargetCheck[]): string {
  const lines = ['| target | measured | met |', '| --- | ---: | :---: |'];
  for (const c of checks) lines.push(`| ${c.target} | ${c.measured} | ${c.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

/**
 * How close our sign-in rate comes to what the disk allows: the disk's rate of durable appends
 * divided by the commits one sign-in needs is the most sign-ins per second it could ever make
 * durable, one flush per commit with nothing shared between commits.
 */
export function formatDurableCeiling(runs: StackReport[], fsync: FsyncRate): string {
  const lines = [
    `This disk's rate of durable appends (10 pages, then fdatasync, in the run's data folder for ${fsync.seconds.toFixed(1)} s): **${fsync.perSecond.toFixed(0)}/s**.`,
    '',
    '| database | our commits per sign-in | ceiling (fsync rate ÷ commits) | our median req/s (connections) | share of the ceiling |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const run of runs) {
    if (!run.peer) continue;
    const commits = run.peer.cost.ours.commits;
    const ceiling = commits > 0 ? fsync.perSecond / commits : 0;
    for (const c of run.peer.comparisons) {
      lines.push(`| ${databaseNames[run.database] ?? run.database} | ${commits.toFixed(2)} | ${ceiling.toFixed(0)} | ${c.ours.rps.toFixed(0)} (${c.connections}) | ${ceiling > 0 ? ((100 * c.ours.rps) / ceiling).toFixed(0) : '–'} % |`);
    }
  }
  lines.push('', "Commits are counted one sign-in at a time, when each commits alone. Under load both databases can exceed 100 %: concurrent commits share one flush (group commit). PostgreSQL does it in the server (one WAL flush for the commits waiting on it); on SQLite (WAL, synchronous=FULL) our driver runs the transactions asked for in the same turn of the event loop one after another in one SQLite transaction, each in a savepoint of its own, under one COMMIT and its fsync, and answers none before that COMMIT.");
  return lines.join('\n');
}
