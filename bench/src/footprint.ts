// `npm run bench:footprint`: start-up time and resident memory of both services, run the way
// development used to run them (TypeScript through tsx) and the way production runs them (the
// esbuild bundle under plain node), side by side in one run. For each: time from spawn to the
// first 200 from /healthz, resident memory once ready (idle), and the peak (VmHWM) after a fixed
// load of signed-out session requests and UI page loads.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { builtEntry, repoRoot } from '../../scripts/stack.ts';
import { freePorts } from '../../scripts/freePorts.ts';
import { stopProcess, waitForHealth } from '../../scripts/childProcesses.ts';
import { peakMemoryMiB, residentMemoryMiB } from './peakMemory.ts';

type Runtime = 'tsx' | 'built';
type Service = 'account' | 'partner';

const rounds = Number(process.env.FOOTPRINT_ROUNDS ?? 3);

async function measure(runtime: Runtime, service: Service): Promise<{ startMs: number; idleMiB: number; peakMiB: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'footprint-'));
  const [port, otherPort] = await freePorts(2);
  const url = `http://127.0.0.1:${port}`;
  const args = runtime === 'tsx' ? ['--import', 'tsx', `apps/${service}/src/main.ts`] : [builtEntry(service)];
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PUBLIC_URL: `http://localhost:${port}`,
    ...(service === 'account' ? { PARTNER_URL: `http://localhost:${otherPort}` } : { ACCOUNT_URL: `http://localhost:${otherPort}` }),
  };
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'ignore' });
  try {
    await waitForHealth(url, child, service);
    const startMs = Math.round(performance.now() - started);
    const idleMiB = Math.round(residentMemoryMiB(child.pid!) ?? Number.NaN);
    const paths = service === 'account' ? ['/api/session', '/', '/.well-known/delegated-account-recovery/configuration'] : ['/', '/.well-known/openid-configuration', '/.well-known/delegated-account-recovery/configuration'];
    await autocannon({ url, connections: 10, amount: 3_000, requests: paths.map((p) => ({ method: 'GET', path: p })) });
    return { startMs, idleMiB, peakMiB: Math.round(peakMemoryMiB(child.pid!) ?? Number.NaN) };
  } finally {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const lines = ['| service | runtime | start-up ms (median) | idle RSS MiB | peak RSS MiB |', '| --- | --- | ---: | ---: | ---: |'];
for (const service of ['account', 'partner'] as const) {
  for (const runtime of ['tsx', 'built'] as const) {
    const samples: Awaited<ReturnType<typeof measure>>[] = [];
    // Interleaving would need both builds loaded at once; rounds of one runtime at a time keep it simple.
    for (let i = 0; i < rounds; i++) samples.push(await measure(runtime, service));
    lines.push(`| ${service} | ${runtime === 'tsx' ? 'tsx (TypeScript loader)' : 'built (node dist/main.js)'} | ${median(samples.map((s) => s.startMs))} | ${median(samples.map((s) => s.idleMiB))} | ${median(samples.map((s) => s.peakMiB))} |`);
  }
}
console.log(`${lines.join('\n')}\n\n${rounds} rounds each, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; fresh SQLite database per round (start-up includes applying migrations).`);
