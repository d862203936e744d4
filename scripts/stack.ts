// Starts the whole stack as separate processes (the account service and the partner are two
// organisations) and waits until both answer /healthz. Used by `npm start`, `npm run dev` and
// the end-to-end tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedAccountDemo } from './seedAccountDemo.ts';
import { stopProcess, waitForHealth } from './childProcesses.ts';

export { freePort, freePorts } from './freePorts.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StackOptions {
  mode: 'start' | 'dev' | 'test';
  accountPort: number;
  partnerPort: number;
  dataDir: string;
  accountDatabaseUrl?: string | undefined;
  partnerDatabaseUrl?: string | undefined;
  /** Origin the browser uses for the account UI (Vite's in dev mode, or https behind a TLS terminator). */
  accountPublicUrl?: string | undefined;
  /** Origin the partner is published at (https behind a TLS terminator); default http://localhost:port. */
  partnerPublicUrl?: string | undefined;
  /** Show service logs (off for tests, which keep their output for assertions). */
  quiet?: boolean;
  extraAccountEnv?: Record<string, string>;
  extraPartnerEnv?: Record<string, string>;
}

export interface RunningStack {
  accountUrl: string;
  partnerUrl: string;
  demo: Awaited<ReturnType<typeof seedAccountDemo>>;
  stop(): Promise<void>;
}

/**
 * `dev` runs a service's TypeScript under tsx watch; `start` and `test` run its build
 * (dist/main.js, made by `npm run build`), as production does.
 */
function launch(name: string, service: 'account' | 'partner', env: NodeJS.ProcessEnv, options: { watch: boolean; quiet: boolean }): ChildProcess {
  const args = options.watch
    ? [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'watch', `apps/${service}/src/main.ts`]
    : ['--enable-source-maps', builtEntry(service)];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    // oidc-provider warns on Node 20 at import; it works, so keep the noise out of the console.
    if (/Unsupported runtime/.test(text)) return;
    process.stderr.write(options.quiet ? `[${name}] ${text}` : text);
  });
  return child;
}

/** A service's built entry point; a clear message instead of a module-not-found crash. */
export function builtEntry(service: 'account' | 'partner'): string {
  const entry = path.join(repoRoot, `apps/${service}/dist/main.js`);
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` first`);
  return entry;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const nodeEnv = options.mode === 'test' ? 'test' : 'development';
  const accountUrl = `http://localhost:${options.accountPort}`;
  const partnerUrl = options.partnerPublicUrl ?? `http://localhost:${options.partnerPort}`;
  // A DATABASE_URL in the caller's environment must not leak into both services.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const base: NodeJS.ProcessEnv = { ...inherited, NODE_ENV: nodeEnv, DATA_DIR: options.dataDir, HOST: '127.0.0.1', SEED_DEMO: 'true', LOG_LEVEL: options.quiet ? 'warn' : 'info' };
  const quiet = options.quiet ?? false;
  const watch = options.mode === 'dev';
  const partner = launch(
    'partner',
    'partner',
    {
      ...base,
      PORT: String(options.partnerPort),
      PUBLIC_URL: partnerUrl,
      ACCOUNT_URL: options.accountPublicUrl ?? accountUrl,
      ...(options.partnerDatabaseUrl ? { DATABASE_URL: options.partnerDatabaseUrl } : {}),
      ...options.extraPartnerEnv,
    },
    { watch, quiet },
  );
  const accountEnv: NodeJS.ProcessEnv = {
    ...base,
    PORT: String(options.accountPort),
    PUBLIC_URL: options.accountPublicUrl ?? accountUrl,
    PARTNER_URL: partnerUrl,
    PARTNER_NAME: 'Partner',
    // 0 in tests so an approved recovery takes effect at once; the service's default is 72.
    ...(options.mode === 'test' ? { ACCOUNT_RECOVERY_DELAY_HOURS: '0' } : {}),
    ...(options.accountDatabaseUrl ? { DATABASE_URL: options.accountDatabaseUrl } : {}),
    ...options.extraAccountEnv,
    // Seeded here, before the service starts, so the staff setup key can be printed.
    SEED_DEMO: 'false',
  };
  let demo: RunningStack['demo'];
  try {
    demo = await seedAccountDemo(accountEnv);
  } catch (error) {
    await stopProcess(partner);
    throw error;
  }
  const account = launch('account', 'account', accountEnv, { watch, quiet });
  const stop = async (): Promise<void> => {
    await Promise.all([stopProcess(account), stopProcess(partner)]);
  };
  try {
    await Promise.all([
      waitForHealth(`http://127.0.0.1:${options.partnerPort}`, partner, 'the partner'),
      waitForHealth(`http://127.0.0.1:${options.accountPort}`, account, 'the account service'),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { accountUrl, partnerUrl, demo, stop };
}
