import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts, startStack } from '../scripts/stack.ts';
import { stackFile } from './stackInfo.ts';

/** Starts the account service and the partner on free loopback ports with fresh SQLite data. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-stack-'));
  const [accountPort, partnerPort] = await freePorts(2);
  const stack = await startStack({
    mode: 'test',
    accountPort: accountPort!,
    partnerPort: partnerPort!,
    dataDir,
    quiet: true,
  });
  writeFileSync(
    stackFile,
    JSON.stringify({ accountUrl: stack.accountUrl, partnerUrl: stack.partnerUrl, dataDir, staffSetupKey: stack.demo.staffSetupKey, demoAccounts: stack.demo.accounts }),
  );
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(stackFile, { force: true });
  };
}
