import { randomBytes, verify } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import {
  TokenOptions,
  TokenType,
  countersignToken,
  decodeCountersignedToken,
  decodeToken,
  encodeInternals,
  formatIssuedTime,
  generateP256KeyPair,
  newTokenId,
  signToken,
  verifyTokenSignature,
} from '@recovery/core/token/index';
import type { TokenFields } from '@recovery/core/token/index';

export interface CoreBenchResult {
  name: string;
  opsPerSecond: number;
  meanMicroseconds: number;
  /** Relative margin of error of the mean, in percent. */
  rmePercent: number;
  samples: number;
  /** This operation's rate divided by the raw node:crypto P-256 verify rate of the same run. */
  vsRawVerify: number;
}

export const rawVerifyName = 'node:crypto ECDSA P-256 verify (raw)';

/**
 * Micro-benchmarks of packages/core's token codec, one core, beside the raw node:crypto ECDSA
 * P-256 verification it is built on, measured in the same run so the ratios hold on any
 * machine. Token fields are the size the account service issues (origins, a sealed account
 * reference as data).
 */
export async function coreBench(timeMs = 1_000): Promise<CoreBenchResult[]> {
  const account = generateP256KeyPair();
  const partner = generateP256KeyPair();
  const fields: TokenFields = {
    version: 0,
    type: TokenType.Recovery,
    tokenId: newTokenId(),
    options: TokenOptions.StatusRequested,
    issuer: 'https://account.example',
    audience: 'https://partner.example',
    issuedTime: formatIssuedTime(new Date()),
    data: new Uint8Array(randomBytes(96)),
    binding: new Uint8Array(0),
  };
  const token = signToken(fields, account.privateKey);
  const decoded = decodeToken(token);
  const countersigned = countersignToken({ innerToken: token, issuer: 'https://partner.example', audience: 'https://account.example' }, partner.privateKey);
  let sink = 0;

  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  bench
    .add('token encode (internals)', () => {
      sink += encodeInternals(fields).length;
    })
    .add('token sign (encode + ECDSA sign)', () => {
      sink += signToken(fields, account.privateKey).length;
    })
    .add('token verify (decode + ECDSA verify)', () => {
      sink += verifyTokenSignature(decodeToken(token), [account.publicKey]).keyIndex;
    })
    .add('countersigned token verify (decode + 2 verifies)', () => {
      const { outer, inner } = decodeCountersignedToken(countersigned);
      sink += verifyTokenSignature(outer, [partner.publicKey]).keyIndex + verifyTokenSignature(inner, [account.publicKey]).keyIndex;
    })
    .add(rawVerifyName, () => {
      if (verify('sha256', decoded.internals, { key: account.publicKey, dsaEncoding: 'der' }, decoded.signature)) sink++;
    });
  await bench.run();
  if (sink < 0) throw new Error('unreachable: keeps the work from being optimised away');

  const rows = bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    return {
      name: task.name,
      opsPerSecond: 1000 / result.period,
      meanMicroseconds: result.period * 1000,
      rmePercent: result.latency.rme,
      samples: result.latency.samplesCount,
    };
  });
  const raw = rows.find((row) => row.name === rawVerifyName)?.opsPerSecond ?? Number.NaN;
  return rows.map((row) => ({ ...row, vsRawVerify: row.opsPerSecond / raw }));
}

export function formatCoreTable(results: CoreBenchResult[]): string {
  const lines = ['| operation | ops/s | mean µs | ± % | vs raw verify |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const r of results) {
    lines.push(`| ${r.name} | ${Math.round(r.opsPerSecond).toLocaleString('en-US')} | ${r.meanMicroseconds.toFixed(1)} | ${r.rmePercent.toFixed(1)} | ${r.vsRawVerify.toFixed(2)} |`);
  }
  return lines.join('\n');
}

// `npm run bench:core`: just these, printed as a table.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatCoreTable(await coreBench()));
}
