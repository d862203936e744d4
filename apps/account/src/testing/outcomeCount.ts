import type { AccountApp } from '../createApp.ts';

/** The current value of `security_outcomes_total` for one event and method (0 before the first). */
export async function outcomeCount(app: Pick<AccountApp, 'metrics'>, event: string, method: string): Promise<number> {
  const { values } = await app.metrics.outcomes.get();
  return values.find((v) => v.labels.event === event && v.labels.method === method)?.value ?? 0;
}
