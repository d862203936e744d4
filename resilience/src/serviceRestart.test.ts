import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountDb, createPartnerDb, createScratchDatabase } from '@recovery/db';
import { Cleanup } from './cleanup.ts';
import { freePort } from '../../scripts/freePorts.ts';
import { startService } from './serviceProcess.ts';
import type { ServiceName } from './serviceProcess.ts';
import { accountEnv, loopbackOrigin, newSecretKey, partnerEnv } from './serviceEnv.ts';

/**
 * A restart must not depend on nobody else having the database open: on SQLite (WAL) another
 * instance, an operator's sqlite3 shell or a backup tool may hold a connection at any time. A
 * restart that wanted exclusive access would wait out the busy timeout and exit with "the file is
 * in use by another process", so starting and serving is the whole check; no clock involved.
 */
describe.each<ServiceName>(['account', 'partner'])('the %s restarted on SQLite while another connection has its database open', (service) => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.run());

  it('starts again and serves', async () => {
    const scratch = await createScratchDatabase('sqlite', undefined, `resilience_restart_${service}`);
    cleanup.add(() => scratch.drop());
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-restart-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const origin = loopbackOrigin(port);
    const env = service === 'account'
      ? accountEnv({ port, dataDir, databaseUrl: scratch.url, secretKey: newSecretKey() })
      : partnerEnv({ port, dataDir, databaseUrl: scratch.url, secretKey: newSecretKey(), accountOrigin: 'http://127.0.0.1:9' });
    await (await startService(service, env, origin)).stop();
    // Another process reads the database (as a second instance or a backup tool would) and stays.
    const other = service === 'account' ? createAccountDb(scratch.url) : createPartnerDb(scratch.url);
    cleanup.add(() => other.$disconnect());
    await other.$queryRawUnsafe('SELECT count(*) FROM _prisma_migrations');
    const again = await startService(service, env, origin);
    cleanup.add(() => again.stop());
    expect(again.child.exitCode).toBeNull();
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
  });
});
