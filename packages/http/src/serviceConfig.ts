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
  /** Master key; purpose keys are derived from it (see deriveKey). */
  secretKey: Buffer;
  session: { idleMs: number; absoluteMs: number };
  trustProxy: boolean | number | string;
  logLevel: string;
  seedDemo: boolean;
}
