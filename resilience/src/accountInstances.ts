import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '@recovery/db';
import type { Provider, ScratchDatabase } from '@recovery/db';
import { Cleanup } from './cleanup.ts';
import { freePort } from '../../scripts/freePorts.ts';
import { startService } from './serviceProcess.ts';
import type { ServiceProcess } from './serviceProcess.ts';
import { accountEnv, loopbackOrigin, newSecretKey } from './serviceEnv.ts';

export interface AccountInstances {
  /** Each instance's origin; all share one database and one configuration. */
  origins: string[];
  processes: ServiceProcess[];
  scratch: ScratchDatabase;
  cleanup: Cleanup;
  /** Starts instance `index` again on its port, with the shared database and keys (after a kill). */
  restart(index: number): Promise<ServiceProcess>;
}

/**
 * `count` account-service processes behind an imaginary load balancer: one database, one secret
 * key and data folder (so any instance reads the others' sessions, CSRF tokens and device
 * hashes), different ports. Started one after another so only the first applies migrations.
 */
export async function startAccountInstances(
  provider: Provider,
  count: number,
  serverUrl = process.env.TEST_POSTGRES_URL,
  /** Added to each instance's environment (e.g. a DATABASE_TIMEOUT_MS). */
  extraEnv: Record<string, string> = {},
): Promise<AccountInstances> {
  const cleanup = new Cleanup();
  try {
    const scratch = await createScratchDatabase(provider, serverUrl, 'resilience_instances');
    cleanup.add(() => scratch.drop());
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-instances-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const secretKey = newSecretKey();
    const origins: string[] = [];
    const envs: Array<Record<string, string>> = [];
    const processes: ServiceProcess[] = [];
    cleanup.add(() => Promise.all(processes.map((p) => p.stop())));
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const origin = loopbackOrigin(port);
      envs.push({ ...accountEnv({ port, dataDir, databaseUrl: scratch.url, secretKey }), ...extraEnv });
      processes.push(await startService('account', envs[i]!, origin));
      origins.push(origin);
    }
    const restart = async (index: number): Promise<ServiceProcess> => {
      processes[index] = await startService('account', envs[index]!, origins[index]!);
      return processes[index];
    };
    return { origins, processes, scratch, cleanup, restart };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}
