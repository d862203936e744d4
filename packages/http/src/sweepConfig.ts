import { z } from 'zod';

/** SWEEP_INTERVAL_SECONDS and SWEEP_BATCH_SIZE, the same in every service. */
export const sweepFields = {
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
};

export interface SweepSettings {
  /** Mean time between sweeps of expired rows; 0 turns sweeping off. */
  intervalMs: number;
  batchSize: number;
}

export function sweepSettings(e: { SWEEP_INTERVAL_SECONDS: number; SWEEP_BATCH_SIZE: number }): SweepSettings {
  return { intervalMs: e.SWEEP_INTERVAL_SECONDS * 1000, batchSize: e.SWEEP_BATCH_SIZE };
}
