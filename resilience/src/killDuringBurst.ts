import type { ApiResponse } from './apiBrowser.ts';
import type { ServiceProcess } from './serviceProcess.ts';

export interface BurstOutcome {
  /** Each request's answer, or null when it never got one (the connection died with the process). */
  answers: Array<ApiResponse | null>;
  /** How many requests were still waiting for their answer when the SIGKILL was sent. */
  inFlightAtKill: number;
}

/**
 * Sends every request at once and SIGKILLs the service as soon as the first one is answered
 * 200: the kill lands while the others are inside the same step, at whatever point each reached.
 */
export async function killDuringBurst(service: ServiceProcess, requests: Array<() => Promise<ApiResponse>>): Promise<BurstOutcome> {
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
  // If nothing succeeds, every request has settled and there is nothing to land in: kill anyway.
  await Promise.race([succeeded, settled]);
  const inFlightAtKill = waiting;
  await service.kill('SIGKILL');
  return { answers: await settled, inFlightAtKill };
}
