import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { repoRoot } from '../../scripts/stack.ts';
import { stopProcess, waitForHealth } from '../../scripts/childProcesses.ts';

/** A process the benchmark started and must stop, whatever happens. */
export interface Child {
  name: string;
  pid: number;
  /** Where it answers, e.g. http://127.0.0.1:4100. */
  url: string;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * Runs an entry point (built JavaScript, or TypeScript through tsx) as its own Node process, so
 * its pid is the server itself and /proc shows its memory.
 * Resolves once `${url}/healthz` answers 200. Its log output is dropped except stderr lines,
 * which are shown prefixed with its name. The child joins `started` as soon as it exists, so
 * whoever cleans up stops it even if it never became ready.
 */
export async function startChild(name: string, entry: string, url: string, env: NodeJS.ProcessEnv, started: Child[]): Promise<Child> {
  // A built entry (.js) runs on plain node, as in production; TypeScript through tsx.
  // BENCH_CPU_PROF_DIR: each service writes a V8 CPU profile there when it stops (Node 20 does
  // not take --cpu-prof from NODE_OPTIONS). BENCH_CPU_PROF_INTERVAL_US samples less often than
  // the default 1000 µs: on a small virtual machine the sampling itself can slow a service down.
  const interval = process.env.BENCH_CPU_PROF_INTERVAL_US ? [`--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL_US}`] : [];
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`, ...interval] : [];
  const args = [...profile, ...(entry.endsWith('.js') ? [entry] : ['--import', 'tsx', entry])];
  const proc = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  proc.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    // oidc-provider warns on Node 20 at import; it works, so keep the noise out of the report.
    if (/Unsupported runtime/.test(text)) return;
    process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
  });
  if (proc.pid === undefined) throw new Error(`${name} could not be started`);
  const child: Child = {
    name,
    pid: proc.pid,
    url,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    stop: () => stopProcess(proc),
  };
  started.push(child);
  try {
    await waitForHealth(url, proc, name);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return child;
}
