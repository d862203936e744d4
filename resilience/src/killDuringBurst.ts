import type { ApiResponse } from './apiBrowser.ts';
import type { ServiceProcess } from './serviceProcess.ts';

export interface BurstOutcome {
  /** Each request's answer, or null when it never got one (the connection died with the process). */
  answers: Array<ApiResponse | null>;
  /** How many requests were still waiting for their answer when the SIGKILL was sent. */
  inFlightAtKill: number;
}

/**
 * Sends every request at once and SIGKILLs the service as soon as the first one is answered 200,
 * or as soon as `inside()` sees the step's first write in the database: the kill lands while the
 * requests are inside the step, at whatever point each reached.
 */
export async function killDuringBurst(service: ServiceProcess, requests: Array<() => Promise<ApiResponse>>, inside?: () => Promise<boolean>): Promise<BurstOutcome> {
  let waiting = requests.length;
  let firstSuccess!: () => void;
  const succeeded = new Promise<void>((resolve) => {
    firstSuccess = resolve;
  });
  const settled = Promise.all(
    requests.map(async (send) => {
      try {
        const answer = await send();
        if (answer.status === 200) firstSuccess();
        return answer;
      } catch {
        return null;
      } finally {
        waiting--;
      }
    }),
  );
  let done = false;
  const watched = (async () => {
    while (inside && !done && !(await inside())) await new Promise((resolve) => setImmediate(resolve));
    if (!inside) await new Promise<never>(() => undefined);
  })();
  // If nothing succeeds, every request has settled and there is nothing to land in: kill anyway.
  await Promise.race([succeeded, settled, watched]);
  done = true;
  const inFlightAtKill = waiting;
  await service.kill('SIGKILL');
  return { answers: await settled, inFlightAtKill };
}
