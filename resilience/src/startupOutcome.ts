import { spawnService } from './serviceProcess.ts';
import type { ServiceName } from './serviceProcess.ts';

export interface StartupOutcome {
  /** The exit code, or null when the process had to be killed at the deadline. */
  code: number | null;
  timedOut: boolean;
  ms: number;
  /** What the operator sees on stderr, minus oidc-provider's one known import-time warning. */
  lines: string[];
}

/** oidc-provider warns at import on Node 20; it works, and the warning says nothing about us. */
const knownNoise = /oidc-provider WARNING: Unsupported runtime/;

/** Starts a service that is expected to give up, and waits (at most `deadlineMs`) for it to exit. */
export async function startupOutcome(service: ServiceName, env: Record<string, string>, deadlineMs: number): Promise<StartupOutcome> {
  const started = Date.now();
  const proc = spawnService(service, env);
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    proc.child.kill('SIGKILL');
  }, deadlineMs);
  const exit = await proc.exited;
  clearTimeout(deadline);
  const lines = proc
    .stderr()
    .split('\n')
    .filter((line) => line.trim() !== '' && !knownNoise.test(line));
  return { code: timedOut ? null : exit.code, timedOut, ms: Date.now() - started, lines };
}
