import type { LoadScenario, RunControl } from './loadScenario.ts';
import { peerTotpCode } from './betterAuthPeer.ts';
import type { RequestCost } from './perRequestCost.ts';
import { idleRequest } from './requestHelpers.ts';
import { runLoad } from './runLoad.ts';
import type { LoadResult, LoadSettings } from './runLoad.ts';

export interface PeerPair {
  ours: LoadResult;
  theirs: LoadResult;
  /** Our req/s divided by theirs, in this pair. */
  ratio: number;
}

export interface PeerComparison {
  connections: number;
  /** Every pair run, counted or not. */
  pairs: PeerPair[];
  /** Pairs in which neither side ran out of prepared state: the only ones the medians count. */
  measuredPairs: number;
  /** Median of the measured pairs' ratios (0 when none was measured). */
  medianRatio: number;
  /** Medians over the measured pairs of each side's req/s, p50 and p99. */
  ours: { rps: number; p50Ms: number; p99Ms: number };
  theirs: { rps: number; p50Ms: number; p99Ms: number };
}

/** The comparison on one database: the interleaved pairs and what one request costs each side. */
export interface PeerReport {
  comparisons: PeerComparison[];
  cost: { ours: RequestCost; theirs: RequestCost };
  /** What one sign-in does on each side, in words. */
  perRequest: { ours: string; theirs: string };
}

export const peerPerRequest = {
  ours: 'a reservation transaction that also reads (pending sign-in, user, factor, known browser; attempt on the pending sign-in, per-address and per-account limits, the account named by the pending sign-in); an outcome transaction (time step spent so the code cannot be replayed, pending sign-in ended, limits settled, session, two security-log events, known browser); on PostgreSQL each transaction is one round trip (the server judges every step\'s rule in the step itself), and on PostgreSQL the reservation\'s COMMIT does not wait for the disk: the outcome\'s, which does and comes before any answer, flushes it with its own; on SQLite the transactions of concurrent sign-ins asked for in the same turn of the event loop share one COMMIT and its fsync (group commit; counted below one sign-in at a time, each commits alone)',
  theirs: 'Better Auth 1.7.25 twoFactor /two-factor/verify-totp: challenge and user lookups, the attempts row consumed and re-armed, the challenge consumed, a session created, the failure counter reset; it accepts the same code twice and keeps no security log',
};

/** Checked successes per second of the measured run. */
export function confirmedRate(result: LoadResult): number {
  return result.durationSeconds > 0 ? result.confirmed / result.durationSeconds : 0;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Better Auth's verify-totp with one prepared challenge per request; success = a session it
 * created. `origin` is the peer's configured base URL (its origin check), `url` where to send.
 */
export function peerScenario(url: string, origin: string, sessions: () => Promise<number>, cookies: string[], control: RunControl): LoadScenario {
  let next = 0;
  let ranOut = false;
  return {
    id: 'peer_totp',
    label: 'Better Auth 1.7.25, verify-totp',
    url,
    requests: [
      {
        setupRequest: (request) => {
          const cookie = cookies[next++];
          if (!cookie) {
            ranOut = true;
            control.stop();
            return idleRequest(request);
          }
          request.method = 'POST';
          request.path = '/api/auth/two-factor/verify-totp';
          request.headers = { ...request.headers, 'content-type': 'application/json', origin, cookie: `better-auth.two_factor=${cookie}` };
          request.body = JSON.stringify({ code: peerTotpCode(Date.now()) });
          return request;
        },
      },
    ],
    successes: sessions,
    exhausted: () => ranOut,
  };
}

/** A pair counts only if both sides had prepared state to the end: a side that ran out was partly measuring idle requests. */
export function pairMeasured(pair: PeerPair): boolean {
  return !pair.ours.exhausted && !pair.theirs.exhausted;
}

/** The medians at one connection count, over the pairs that were measured; the others stay listed. */
export function summarizePairs(connections: number, pairs: PeerPair[]): PeerComparison {
  const measured = pairs.filter(pairMeasured);
  const medians = (side: 'ours' | 'theirs') => ({ rps: median(measured.map((r) => confirmedRate(r[side]))), p50Ms: median(measured.map((r) => r[side].p50Ms)), p99Ms: median(measured.map((r) => r[side].p99Ms)) });
  return { connections, pairs, measuredPairs: measured.length, medianRatio: median(measured.map((r) => r.ratio)), ours: medians('ours'), theirs: medians('theirs') };
}

/**
 * Our sign-in against Better Auth's (2FA or passkey), in interleaved pairs (ours, theirs, ours, theirs…) at
 * each connection count, so drift in the machine's load lands on both sides alike.
 */
export async function comparePeers(ours: LoadScenario, theirs: LoadScenario, control: RunControl, settings: LoadSettings, connectionCounts: number[], pairs: number, log: (line: string) => void): Promise<PeerComparison[]> {
  const out: PeerComparison[] = [];
  for (const connections of connectionCounts) {
    const runs: PeerPair[] = [];
    for (let i = 0; i < pairs; i++) {
      const mine = await runLoad(ours, control, { ...settings, connections });
      const peer = await runLoad(theirs, control, { ...settings, connections });
      // Confirmed successes per second, not requests: a side whose prepared state ran out sends
      // cheap idle requests, which must not count as sign-ins.
      runs.push({ ours: mine, theirs: peer, ratio: confirmedRate(peer) > 0 ? confirmedRate(mine) / confirmedRate(peer) : 0 });
      log(`  ${connections} connections, pair ${i + 1}: ours ${confirmedRate(mine).toFixed(0)} sign-ins/s (${mine.confirmed}/${mine.sent} confirmed), Better Auth ${confirmedRate(peer).toFixed(0)} sign-ins/s (${peer.confirmed}/${peer.sent} confirmed)${mine.exhausted || peer.exhausted ? ' (prepared state ran out: not counted)' : ''}`);
    }
    out.push(summarizePairs(connections, runs));
  }
  return out;
}

function costCells(cost: RequestCost): string {
  return `${cost.statements.toFixed(2)} | ${cost.commits.toFixed(2)} | ${cost.fsyncs.toFixed(2)} | ${cost.requests}`;
}

/** The peer comparison as Markdown: each pair, the medians, and what one request costs each side. */
export function formatPeerComparison(report: PeerReport): string {
  const comparisons = report.comparisons;
  const lines = [
    '| connections | pair | ours confirmed/s | Better Auth confirmed/s | ratio | ours p50 / p99 ms | Better Auth p50 / p99 ms | confirmed / sent (ours; theirs) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of comparisons) {
    c.pairs.forEach((p, i) => {
      const ratio = pairMeasured(p) ? p.ratio.toFixed(2) : `${p.ratio.toFixed(2)}, not counted: prepared state ran out`;
      lines.push(
        `| ${c.connections} | ${i + 1} | ${confirmedRate(p.ours).toFixed(0)} | ${confirmedRate(p.theirs).toFixed(0)} | ${ratio} | ${p.ours.p50Ms} / ${p.ours.p99Ms} | ${p.theirs.p50Ms} / ${p.theirs.p99Ms} | ${p.ours.confirmed} / ${p.ours.sent}; ${p.theirs.confirmed} / ${p.theirs.sent} |`,
      );
    });
    lines.push(`| ${c.connections} | **median of ${c.measuredPairs}** | ${c.ours.rps.toFixed(0)} | ${c.theirs.rps.toFixed(0)} | **${c.medianRatio.toFixed(2)}** | ${c.ours.p50Ms} / ${c.ours.p99Ms} | ${c.theirs.p50Ms} / ${c.theirs.p99Ms} | |`);
  }
  const cost = [
    '| per confirmed sign-in | statements | commits | fsyncs | sign-ins counted |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| ours | ${costCells(report.cost.ours)} |`,
    `| Better Auth | ${costCells(report.cost.theirs)} |`,
  ];
  return [
    lines.join('\n'),
    cost.join('\n'),
    'Statements and commits are counted at each side\'s database driver (ours: every statement through Prisma and our SQL driver; Better Auth: every statement through better-sqlite3 or node-postgres, transaction control not counted, a write outside a transaction counted as a commit); fsyncs are, on SQLite, the fsync and fdatasync calls strace saw in the service (the process that flushes) and, on PostgreSQL, the WAL flushes the server counted itself (pg_stat_wal.wal_sync, read once every backend had reported), while the sign-ins were sent one at a time with nothing else running.',
    `Per request, ours: ${report.perRequest.ours}. Theirs: ${report.perRequest.theirs}.`,
  ].join('\n\n');
}
