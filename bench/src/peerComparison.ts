import type { LoadScenario, RunControl } from './loadScenario.ts';
import { peerSessionCount, peerTotpCode } from './betterAuthPeer.ts';
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
  pairs: PeerPair[];
  medianRatio: number;
}

export const peerPerRequest = {
  ours: 'one read (pending sign-in, user, factor, known browser); a reservation transaction (attempt on the pending sign-in, per-address and per-account limits); an outcome transaction (time step spent so the code cannot be replayed, pending sign-in ended, limits settled, session, two security-log events, known browser): 10 statements, 2 commits',
  theirs: 'Better Auth 1.7.25 twoFactor /two-factor/verify-totp: challenge and user lookups, the attempts row consumed and re-armed, the challenge consumed, a session created, the failure counter reset: 15 statements in 4 transactions; it accepts the same code twice and keeps no security log',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Better Auth's verify-totp with one prepared challenge per request; success = a session it created. */
export function peerScenario(url: string, file: string, cookies: string[], control: RunControl): LoadScenario {
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
          request.headers = { ...request.headers, 'content-type': 'application/json', origin: url, cookie: `better-auth.two_factor=${cookie}` };
          request.body = JSON.stringify({ code: peerTotpCode(Date.now()) });
          return request;
        },
      },
    ],
    successes: async () => peerSessionCount(file),
    exhausted: () => ranOut,
  };
}

/**
 * Our 2FA sign-in against Better Auth's, in interleaved pairs (ours, theirs, ours, theirs…) at
 * each connection count, so drift in the machine's load lands on both sides alike.
 */
export async function comparePeers(ours: LoadScenario, theirs: LoadScenario, control: RunControl, settings: LoadSettings, connectionCounts: number[], pairs: number, log: (line: string) => void): Promise<PeerComparison[]> {
  const out: PeerComparison[] = [];
  for (const connections of connectionCounts) {
    const runs: PeerPair[] = [];
    for (let i = 0; i < pairs; i++) {
      const mine = await runLoad(ours, control, { ...settings, connections });
      const peer = await runLoad(theirs, control, { ...settings, connections });
      runs.push({ ours: mine, theirs: peer, ratio: peer.rps > 0 ? mine.rps / peer.rps : 0 });
      log(`  ${connections} connections, pair ${i + 1}: ours ${mine.rps.toFixed(0)} req/s (${mine.confirmed}/${mine.sent} confirmed), Better Auth ${peer.rps.toFixed(0)} req/s (${peer.confirmed}/${peer.sent} confirmed)`);
    }
    out.push({ connections, pairs: runs, medianRatio: median(runs.map((r) => r.ratio)) });
  }
  return out;
}

/** The peer comparison as Markdown: each pair, the median ratio, and what each side does. */
export function formatPeerComparison(comparisons: PeerComparison[]): string {
  const lines = [
    '| connections | pair | ours req/s | Better Auth req/s | ratio | ours p50 / p99 ms | Better Auth p50 / p99 ms | confirmed / sent (ours; theirs) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of comparisons) {
    c.pairs.forEach((p, i) => {
      lines.push(
        `| ${c.connections} | ${i + 1} | ${p.ours.rps.toFixed(0)} | ${p.theirs.rps.toFixed(0)} | ${p.ratio.toFixed(2)} | ${p.ours.p50Ms} / ${p.ours.p99Ms} | ${p.theirs.p50Ms} / ${p.theirs.p99Ms} | ${p.ours.confirmed} / ${p.ours.sent}; ${p.theirs.confirmed} / ${p.theirs.sent} |`,
      );
    });
  }
  const medians = comparisons.map((c) => `${c.connections} connections: **${c.medianRatio.toFixed(2)}×**`).join(', ');
  return [lines.join('\n'), `Median ratio (ours ÷ Better Auth): ${medians}.`, `Per request, ours: ${peerPerRequest.ours}. Theirs: ${peerPerRequest.theirs}.`].join('\n\n');
}
