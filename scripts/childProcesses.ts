import type { ChildProcess } from 'node:child_process';

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within 8 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A child that exited: which one, how, and the last line it wrote to stderr (its reason). */
export class ServiceStopped extends Error {
  override name = 'ServiceStopped';
  constructor(
    readonly service: string,
    readonly how: string,
    readonly lastLine: string | undefined,
  ) {
    super(`${service} stopped (${how})${lastLine ? `: ${lastLine}` : ''}`);
  }
}

/** "exit code 1" or "signal SIGKILL", for a child that has exited. */
export function exitDescription(child: ChildProcess): string {
  return child.signalCode !== null ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`;
}

export interface HealthWait {
  timeoutMs?: number;
  /** The `instance` the child was given (INSTANCE_ID): a 200 from any other process is not it. */
  instance?: string;
  /** The child's last stderr line, for the error when it exits first. */
  lastLine?: () => string | undefined;
}

/** Waits until `url`/healthz answers 200 from this child; fails early if the child exits first. */
export async function waitForHealth(url: string, child: ChildProcess, name: string, options: HealthWait = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let someoneElse = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new ServiceStopped(name, `${exitDescription(child)} before it was ready`, options.lastLine?.());
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      const body: unknown = res.ok ? await res.json() : undefined;
      if (res.ok && (options.instance === undefined || (body as { instance?: unknown }).instance === options.instance)) return;
      // Another process (an earlier stack, say) holds the port; ours will fail to bind and exit.
      if (res.ok) someoneElse = true;
    } catch {
      // not listening yet, or not answering JSON
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  if (someoneElse) throw new Error(`${name}: another process answers ${url}/healthz, not the one just started`);
  throw new Error(`${name} did not answer ${url}/healthz within ${timeoutMs / 1000}s`);
}
