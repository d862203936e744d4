import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where global-setup leaves the running stack's URLs for the test workers. */
export const stackFile = path.join(os.tmpdir(), `e2e-stack-${process.env.USER ?? 'user'}.json`);

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
