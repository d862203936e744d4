// Starts the whole stack as separate processes (the account service and the partner are two
// organisations) and waits until both answer /healthz. Used by `npm start`, `npm run dev` and
// the end-to-end tests.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedAccountDemo } from './seedAccountDemo.ts';
import { ServiceStopped, exitDescription, stopProcess, waitForHealth } from './childProcesses.ts';
import { startupFailureLine } from '@recovery/http';

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
  /** Run the services' TypeScript under tsx without watching (the orchestrator's own tests, no build needed). */
  fromSource?: boolean;
}

export interface RunningStack {
  accountUrl: string;
  partnerUrl: string;
  demo: Awaited<ReturnType<typeof seedAccountDemo>>;
  /** Settles when a service exits on its own (not through `stop`): which one, how, and its last line. */
  stopped: Promise<ServiceStopped>;
  /** The services' process ids (fault tests kill one). */
  pids: { account: number; partner: number };
  stop(): Promise<void>;
}

interface Launched {
  child: ChildProcess;
  /** The last line the child wrote to stderr: a service's reason for giving up is its last line. */
  lastLine(): string | undefined;
}

/**
 * `dev` runs a service's TypeScript under tsx watch; `start` and `test` run its build
 * (dist/main.js, made by `npm run build`), as production does.
 */
function launch(name: string, service: 'account' | 'partner', env: NodeJS.ProcessEnv, options: { watch: boolean; quiet: boolean; fromSource: boolean }): Launched {
  const args = options.watch
    ? [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'watch', `apps/${service}/src/main.ts`]
    : options.fromSource
      ? ['--import', 'tsx', `apps/${service}/src/main.ts`]
      : ['--enable-source-maps', builtEntry(service)];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'pipe'],
  });
  let last: string | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    // oidc-provider warns on Node 20 at import; it works, so keep the noise out of the console.
    if (/Unsupported runtime/.test(text)) return;
    last = text.split('\n').filter((line) => line.trim() !== '').at(-1) ?? last;
    process.stderr.write(options.quiet ? `[${name}] ${text}` : text);
  });
  return { child, lastLine: () => last };
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
  const how = { watch: options.mode === 'dev', quiet, fromSource: options.fromSource ?? false };
  // Each child gets an id to show on /healthz, so an old copy still on the port is not taken for it.
  const instances = { account: randomUUID(), partner: randomUUID() };
  const partner = launch(
    'partner',
    'partner',
    {
      ...base,
      PORT: String(options.partnerPort),
      PORT_VARIABLE: 'PARTNER_PORT',
      INSTANCE_ID: instances.partner,
      PUBLIC_URL: partnerUrl,
      ACCOUNT_URL: options.accountPublicUrl ?? accountUrl,
      ...(options.partnerDatabaseUrl ? { DATABASE_URL: options.partnerDatabaseUrl } : {}),
      ...options.extraPartnerEnv,
    },
    how,
  );
  const accountEnv: NodeJS.ProcessEnv = {
    ...base,
    PORT: String(options.accountPort),
    PORT_VARIABLE: 'ACCOUNT_PORT',
    INSTANCE_ID: instances.account,
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
    await stopProcess(partner.child);
    // The account service's own one-line reason (bad DATABASE_URL, unwritable DATA_DIR), as it
    // would print it, rather than a stack trace from this script.
    throw new Error(startupFailureLine('account service', error, undefined), { cause: error });
  }
  const account = launch('account', 'account', accountEnv, how);
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all([stopProcess(account.child), stopProcess(partner.child)]);
  };
  const watched = [
    { name: 'the account service', launched: account },
    { name: 'the partner', launched: partner },
  ];
  const stopped = new Promise<ServiceStopped>((resolve) => {
    for (const { name, launched } of watched) {
      launched.child.once('exit', () => {
        if (!stopping) resolve(new ServiceStopped(name, exitDescription(launched.child), launched.lastLine()));
      });
    }
  });
  try {
    await Promise.all([
      waitForHealth(`http://127.0.0.1:${options.partnerPort}`, partner.child, 'the partner', { instance: instances.partner, lastLine: partner.lastLine }),
      waitForHealth(`http://127.0.0.1:${options.accountPort}`, account.child, 'the account service', { instance: instances.account, lastLine: account.lastLine }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { accountUrl, partnerUrl, demo, stopped, pids: { account: account.child.pid!, partner: partner.child.pid! }, stop };
}
