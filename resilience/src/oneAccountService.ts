import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '@recovery/db';
import type { Provider, ScratchDatabase } from '@recovery/db';
import type { Cleanup } from './cleanup.ts';
import { freePort } from '../../scripts/freePorts.ts';
import { startService } from './serviceProcess.ts';
import type { ServiceProcess } from './serviceProcess.ts';
import { accountEnv, loopbackOrigin, newSecretKey } from './serviceEnv.ts';

export interface OneAccountService {
  origin: string;
  scratch: ScratchDatabase;
  /** The running process; replaced by `restart`. */
  service: ServiceProcess;
  /** Starts it again on the same port, database and keys (after a kill). */
  restart(): Promise<ServiceProcess>;
}

/** One account-service process on a fresh scratch database; `cleanup` stops and removes it all. */
export async function startOneAccountService(provider: Provider, label: string, cleanup: Cleanup): Promise<OneAccountService> {
  const scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, `resilience_${label}`);
  cleanup.add(() => scratch.drop());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `resilience-${label}-`));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const origin = loopbackOrigin(port);
  const env = accountEnv({ port, dataDir, databaseUrl: scratch.url, secretKey: newSecretKey() });
  const one: OneAccountService = {
    origin,
    scratch,
    service: await startService('account', env, origin),
    async restart() {
      one.service = await startService('account', env, origin);
      return one.service;
    },
  };
  cleanup.add(() => one.service.stop());
  return one;
}
