// `npm run bench`: the whole stack under load on SQLite, then on PostgreSQL with two account
// instances behind a round-robin proxy, plus packages/core's micro-benchmarks. Writes
// bench/results/latest.json and latest.md and refreshes the README's benchmark section.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../scripts/stack.ts';
import type { BenchReport } from './benchReport.ts';
import { formatMarkdown } from './benchReport.ts';
import { createBenchSecrets } from './benchSecrets.ts';
import { runAllCleanups } from './cleanupRegistry.ts';
import { coreBench } from './coreBench.ts';
import { machineInfo } from './machineInfo.ts';
import { measureFsyncRate } from './fsyncRate.ts';
import os from 'node:os';
import type { ScenarioId } from './loadScenario.ts';
import type { LoadSettings } from './runLoad.ts';
import { runStack } from './runStack.ts';
import type { StackReport } from './runStack.ts';

const postgresServerUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
// BENCH_SECONDS, BENCH_DATABASES and BENCH_SCENARIOS shorten a run while working on the benchmark itself.
const load: LoadSettings = { connections: 10, warmupSeconds: 2, seconds: Number(process.env.BENCH_SECONDS ?? 10) };
const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgresql').split(',').map((name) => name.trim());
const allScenarios: ScenarioId[] = ['baseline', 'totp', 'recovery_code', 'token_save', 'token_verify', 'sign_in', 'peer_totp', 'peer_passkey'];
const scenarios = process.env.BENCH_SCENARIOS ? allScenarios.filter((id) => process.env.BENCH_SCENARIOS!.split(',').includes(id)) : allScenarios;

const readmeStart = '<!-- bench:start -->';
const readmeEnd = '<!-- bench:end -->';

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping services and dropping scratch databases`);
    void runAllCleanups().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const machine = machineInfo();
  log('packages/core micro-benchmarks');
  const core = await coreBench();
  const runs: StackReport[] = [];
  for (const database of databases) {
    if (database !== 'sqlite' && database !== 'postgresql') throw new Error(`unknown database ${database}`);
    runs.push(
      await runStack({
        database,
        accountInstances: database === 'postgresql' ? 2 : 1,
        postgresServerUrl,
        secrets: createBenchSecrets(),
        load,
        // A user gives at most one new authenticator code per 30-second step (three at first), so
        // the users bound the 2FA comparison's rate: between two of our runs (one of Better
        // Auth's in between) under a step passes, and SQLite now confirms over 1,100 sign-ins/s,
        // about 13,000 a 12-second run. 40,000 users keep every run supplied; with 10,000, runs
        // ran out of codes and pendings at 32 connections. Recovery codes, 16 per user, likewise:
        // 500 users' 8,000 ran out within a run once SQLite passed 700 sign-ins/s.
        sizes: { signInUsers: 200, totpUsers: scenarios.includes('peer_totp') ? 40_000 : 2_000, recoveryCodeUsers: 1_500 },
        scenarios,
        totpPendingsPerUser: 4,
        peer: { connectionCounts: [10, 32], pairs: Number(process.env.BENCH_PEER_PAIRS ?? 5), challenges: Number(process.env.BENCH_PEER_CHALLENGES ?? 60_000), pendingsPerUser: 5, costSamples: 200, passkeys: 2_000 },
        log,
      }),
    );
  }
  log('the disk\'s fsync rate');
  const fsyncRate = measureFsyncRate(os.tmpdir());
  // A shortened run must not pass for the real thing: it goes to partial.* (git-ignored).
  const complete = !process.env.BENCH_SECONDS && !process.env.BENCH_DATABASES && !process.env.BENCH_SCENARIOS && !process.env.BENCH_PEER_PAIRS && !process.env.BENCH_PEER_CHALLENGES;
  const report: BenchReport = { machine, load: { ...load, tool: 'autocannon 9' }, runs, core, fsyncRate, complete };
  const markdown = formatMarkdown(report);
  const name = complete ? 'latest' : 'partial';
  const resultsDir = path.join(repoRoot, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(path.join(resultsDir, `${name}.md`), `# Benchmark results\n\n${markdown}`);
  if (complete) {
    const readmePath = path.join(repoRoot, 'README.md');
    const readme = readFileSync(readmePath, 'utf8');
    const from = readme.indexOf(readmeStart);
    const to = readme.indexOf(readmeEnd);
    if (from !== -1 && to > from) writeFileSync(readmePath, `${readme.slice(0, from + readmeStart.length)}\n${formatMarkdown(report, 3)}${readme.slice(to)}`);
  }
  console.log(markdown);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s; wrote bench/results/${name}.json and ${name}.md`);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await runAllCleanups();
  process.exit(1);
});
