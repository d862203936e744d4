import { describe, expect, it } from 'vitest';
import { checkTargets } from './benchTargets.ts';
import { formatPeerComparison, summarizePairs } from './peerComparison.ts';
import type { PeerPair } from './peerComparison.ts';
import type { LoadResult } from './runLoad.ts';
import type { StackReport } from './runStack.ts';

const side = (confirmedPerSecond: number, exhausted = false): LoadResult => ({ rps: confirmedPerSecond, p50Ms: 10, p99Ms: 20, errors: 0, non2xx: 0, sent: confirmedPerSecond * 10, confirmed: confirmedPerSecond * 10, durationSeconds: 10, exhausted });
const pair = (ours: number, theirs: number, exhausted: { ours?: boolean; theirs?: boolean } = {}): PeerPair => ({ ours: side(ours, exhausted.ours), theirs: side(theirs, exhausted.theirs), ratio: ours / theirs });
const run = (pairs: PeerPair[]): StackReport => ({
  database: 'postgresql',
  topology: '',
  scenarios: [],
  peakMemoryMiB: {},
  loadAverage: { before: 0, after: 0 },
  peer: { comparisons: [summarizePairs(32, pairs)], cost: { ours: { requests: 1, statements: 1, commits: 1, fsyncs: 1 }, theirs: { requests: 1, statements: 1, commits: 1, fsyncs: 1 } }, perRequest: { ours: '', theirs: '' } },
});
const twoFactorTarget = (pairs: PeerPair[]) => checkTargets([run(pairs)]).find((check) => check.target.includes('≥ 3× Better Auth'))!;

describe('the peer comparison', () => {
  it('leaves a pair whose prepared state ran out out of the medians, and lists it', () => {
    // Our side ran out in the fast pair: counted, it would lift the median from 3.0 to 3.5.
    const pairs = [pair(300, 100), pair(700, 100, { ours: true }), pair(320, 100), pair(290, 100), pair(350, 100), pair(300, 100, { theirs: true })];
    const summary = summarizePairs(32, pairs);

    expect(summary.measuredPairs).toBe(4);
    expect(summary.pairs).toHaveLength(6);
    expect(summary.medianRatio).toBeCloseTo(3.1);
    expect(summary.ours.rps).toBeCloseTo(310);
    expect(formatPeerComparison({ comparisons: [summary], cost: run([]).peer!.cost, perRequest: { ours: '', theirs: '' } })).toContain('7.00, not counted: prepared state ran out');
  });

  it('judges a ratio target only on at least five measured pairs', () => {
    const five = [pair(330, 100), pair(320, 100), pair(310, 100), pair(340, 100), pair(350, 100)];
    expect(twoFactorTarget(five)).toMatchObject({ met: true, measured: '3.30× (median of 5 pairs)' });

    const oneRanOut = [...five.slice(0, 4), pair(350, 100, { ours: true })];
    expect(twoFactorTarget(oneRanOut)).toMatchObject({ met: false, measured: expect.stringContaining('median of 4 pairs; 1 not counted: prepared state ran out; fewer than 5: not judged') });

    expect(twoFactorTarget(five.slice(0, 2))).toMatchObject({ met: false, measured: expect.stringContaining('not judged') });
    expect(twoFactorTarget([...five, pair(100, 100)])).toMatchObject({ met: true });
    expect(twoFactorTarget([pair(290, 100), pair(295, 100), pair(299, 100), pair(400, 100), pair(500, 100)])).toMatchObject({ met: false, measured: '2.99× (median of 5 pairs)' });
  });

  it('judges the latency spread only on enough measured pairs too', () => {
    const spread = (pairs: PeerPair[]) => checkTargets([run(pairs)]).find((check) => check.target.includes('p99'))!;
    expect(spread([pair(300, 100), pair(300, 100), pair(300, 100), pair(300, 100), pair(300, 100)])).toMatchObject({ met: true });
    expect(spread([pair(300, 100, { ours: true })])).toMatchObject({ met: false });
  });
});
