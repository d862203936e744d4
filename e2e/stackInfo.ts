import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout's own name for it, so runs from several checkouts at once never share a stack. */
const checkout = createHash('sha256').update(path.dirname(fileURLToPath(import.meta.url))).digest('hex').slice(0, 12);

/** Where global-setup leaves the running stack's URLs for the test workers. */
export const stackFile = path.join(os.tmpdir(), `e2e-stack-${process.env.USER ?? 'user'}-${checkout}.json`);

export interface StackInfo {
  accountUrl: string;
  partnerUrl: string;
  dataDir: string;
  /** The seeded support-staff account's TOTP secret. */
  staffSetupKey: string;
  demoAccounts: { username: string; email: string; password: string; role: 'user' | 'staff' }[];
}

export function stackInfo(): StackInfo {
  return JSON.parse(readFileSync(stackFile, 'utf8')) as StackInfo;
}
