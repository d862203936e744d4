import type { SweepSettings } from './sweepConfig.ts';

/** What every service's configuration holds, whatever else it adds. */
export interface ServiceConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** The origin users reach the service at (cookies, CSRF origin checks, links, issuer). */
  publicOrigin: string;
  dataDir: string;
  databaseUrl: string;
  /** DATABASE_TIMEOUT_MS: the database deadline of a request, in milliseconds. */
  databaseTimeoutMs: number;
  /** SHUTDOWN_TIMEOUT_MS: how long a drain may take before the process exits 1. */
  shutdownTimeoutMs: number;
  /** METRICS_TOKEN: the bearer token for `/metrics` on the public listener; unset, it is not there. */
  metricsToken: string | undefined;
  /** METRICS_PORT: a listener on 127.0.0.1 serving only `/metrics`, without a token. */
  metricsPort: number | undefined;
  /** Master key; purpose keys are derived from it (see deriveKey). */
  secretKey: Buffer;
  session: { idleMs: number; absoluteMs: number };
  trustProxy: boolean | number | string;
  logLevel: string;
  seedDemo: boolean;
  /** SWEEP_INTERVAL_SECONDS, SWEEP_BATCH_SIZE: deleting expired rows (see createSweeper). */
  sweep: SweepSettings;
}
