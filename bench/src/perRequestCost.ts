import autocannon from 'autocannon';
import type { LoadScenario } from './loadScenario.ts';

/** Runs `work` and counts the flushes to disk it caused (see fsyncCounter, walSyncCounter). */
export type FlushCounter = <T>(work: () => Promise<T>) => Promise<{ result: T; fsyncs: number }>;

/** What one confirmed success cost at the database: counted at the driver, flushes at the kernel. */
export interface RequestCost {
  /** Confirmed successes the figures are divided by. */
  requests: number;
  statements: number;
  commits: number;
  fsyncs: number;
}

/** Statement and commit counts of one side's database driver while a measurement runs. */
export interface DriverCount {
  reset(): void;
  read(): { statements: number; commits: number };
}

/**
 * Sends `amount` requests of a scenario (each as many calls as one success takes) one at a time (nothing else runs meanwhile) and divides
 * what the driver and the kernel saw by the successes the scenario confirmed.
 */
export async function measureRequestCost(scenario: LoadScenario, driver: DriverCount, countFlushes: FlushCounter, amount: number): Promise<RequestCost> {
  const before = await scenario.successes();
  driver.reset();
  const { fsyncs } = await countFlushes(async () => {
    await new Promise<void>((resolve, reject) => {
      autocannon({ url: scenario.url, connections: 1, amount: amount * (scenario.callsPerSuccess ?? 1), requests: scenario.requests, timeout: 20 }, (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
    });
  });
  const counted = driver.read();
  const requests = (await scenario.successes()) - before;
  if (requests <= 0) throw new Error(`${scenario.label}: no confirmed success while counting its cost`);
  return { requests, statements: counted.statements / requests, commits: counted.commits / requests, fsyncs: fsyncs / requests };
}
