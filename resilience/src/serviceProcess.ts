import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './repoRoot.ts';

export type ServiceName = 'account' | 'partner';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly service: ServiceName;
  readonly child: ChildProcess;
  /** Settles when the process has exited, however it ended. */
  readonly exited: Promise<Exit>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** The tail of its log (pino writes to stdout), for diagnosing a failure. */
  stdout(): string;
  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
  /** A graceful stop (SIGTERM), forced after a few seconds; safe to call twice. */
  stop(): Promise<Exit>;
}

const entries: Record<ServiceName, string> = {
  account: 'apps/account/src/main.ts',
  partner: 'apps/partner/src/main.ts',
};

/** Only what a service needs from our environment: a stray DATABASE_URL or PORT must not leak in. */
function baseEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'PRISMA_SCHEMA_ENGINE_BINARY'] as const;
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'false' };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

const running = new Set<ChildProcess>();
// If the test process itself dies, take the services down with it rather than leave orphans.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a service as scripts/stack.ts does (`node --import tsx …/main.ts`), without waiting. */
export function spawnService(service: ServiceName, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, entries[service])], {
    cwd: repoRoot,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  let stdout = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    // Bounded: a long load must not grow the test's memory without end.
    stdout = (stdout + chunk).slice(-200_000);
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const kill = (signal: NodeJS.Signals): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    service,
    child,
    exited,
    stderr: () => stderr,
    stdout: () => stdout,
    kill,
    async stop() {
      const force = setTimeout(() => child.kill('SIGKILL'), 8_000);
      try {
        return await kill('SIGTERM');
      } finally {
        clearTimeout(force);
      }
    },
  };
}

/** Polls /healthz until it answers 200; fails early if the process exits. */
export async function waitForHealth(proc: ServiceProcess, origin: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: Exit | undefined;
  void proc.exited.then((value) => {
    exit = value;
  });
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the ${proc.service} exited (${exit.code ?? exit.signal}) before it was ready: ${proc.stderr().trim()} ${proc.stdout().slice(-2_000)}`);
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the ${proc.service} did not answer ${origin}/healthz within ${timeoutMs / 1000}s: ${proc.stderr().trim()} ${proc.stdout().slice(-2_000)}`);
}

/** Spawns a service and waits until it serves; a service that fails to come up is killed. */
export async function startService(service: ServiceName, env: Record<string, string>, origin: string): Promise<ServiceProcess> {
  const proc = spawnService(service, env);
  try {
    await waitForHealth(proc, origin);
  } catch (error) {
    await proc.kill('SIGKILL');
    throw error;
  }
  return proc;
}
