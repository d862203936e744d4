import autocannon from 'autocannon';
import type { LoadScenario, RunControl } from './loadScenario.ts';

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadResult {
  /**
   * Mean completed requests per second over the measured run (autocannon's Req/Sec average),
   * divided by the calls one success takes: sign-ins per second for a two-call sign-in.
   */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Requests sent during the measured run; calls ÷ calls per success for a two-call sign-in (one the run's end cut between its calls counts half). */
  sent: number;
  /** Successes the benchmark confirmed itself (database rows or checked bodies). */
  confirmed: number;
  durationSeconds: number;
  /** The prepared state ran out and the run ended early. */
  exhausted: boolean;
}

function fire(url: string, scenario: LoadScenario, control: RunControl, connections: number, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, requests: scenario.requests, timeout: 20 }, (error: unknown, result) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    });
    control.stop = () => instance.stop();
  });
}

/**
 * The success count once requests still in flight when autocannon stopped have finished (it
 * stops reading, the service does not stop working), so no run's stragglers count in another:
 * the count must stay unchanged for as long as the slowest answer of the run took (at least
 * 250 ms), since on a loaded machine a straggler can take longer than a fixed pause.
 */
async function settledCount(scenario: LoadScenario, slowestMs: number): Promise<number> {
  const step = 250;
  const quietMs = Math.max(step, slowestMs);
  let last = await scenario.successes();
  let quiet = 0;
  for (let waited = 0; waited < quietMs + 10_000; waited += step) {
    await new Promise((resolve) => setTimeout(resolve, step));
    const now = await scenario.successes();
    if (now !== last) {
      last = now;
      quiet = 0;
    } else if ((quiet += step) >= quietMs) return now;
  }
  return last;
}

/**
 * A short warm-up (JIT, connection pools, caches of published keys), then the measured run with
 * the same requests and connections. Successes are counted from before to after the measured
 * run only.
 */
export async function runLoad(scenario: LoadScenario, control: RunControl, settings: LoadSettings): Promise<LoadResult> {
  const warmup = settings.warmupSeconds > 0 ? await fire(scenario.url, scenario, control, settings.connections, settings.warmupSeconds) : null;
  const before = await settledCount(scenario, warmup?.latency.max ?? 0);
  const result = await fire(scenario.url, scenario, control, settings.connections, settings.seconds);
  const after = await settledCount(scenario, result.latency.max);
  const calls = scenario.callsPerSuccess ?? 1;
  return {
    rps: result.requests.average / calls,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    sent: Math.floor(result.requests.sent / calls),
    confirmed: after - before,
    durationSeconds: result.duration,
    exhausted: scenario.exhausted(),
  };
}
