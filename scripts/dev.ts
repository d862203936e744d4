// `npm run dev`: the services restart on change (tsx watch) and the UI is served by Vite with
// hot reloading, proxying API calls to the account service.
// The npm script generates the Prisma clients before this file is loaded (its imports need them).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot, startStack } from './stack.ts';
import type { RunningStack } from './stack.ts';
import { stackFailureLine } from './stackFailure.ts';

const accountPort = Number(process.env.ACCOUNT_PORT ?? 3000);
const partnerPort = Number(process.env.PARTNER_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 5173);
const webUrl = `http://localhost:${webPort}`;

let stack: RunningStack;
try {
  stack = await startStack({
    mode: 'dev',
    accountPort,
    partnerPort,
    dataDir: process.env.DATA_DIR ?? path.join(repoRoot, 'data'),
    accountDatabaseUrl: process.env.ACCOUNT_DATABASE_URL,
    partnerDatabaseUrl: process.env.PARTNER_DATABASE_URL,
    // The browser talks to Vite, which proxies the API: that is the origin the service must trust.
    accountPublicUrl: webUrl,
  });
} catch (error) {
  console.error(stackFailureLine('npm run dev', error));
  process.exit(1);
}
const vite = spawn(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js')], {
  cwd: path.join(repoRoot, 'apps/web'),
  env: { ...process.env, WEB_PORT: String(webPort), ACCOUNT_ORIGIN: `http://127.0.0.1:${accountPort}` },
  stdio: 'inherit',
});

console.log(`\n  Web UI (Vite, hot reload): ${webUrl}\n  Account service API: ${stack.accountUrl}\n  Partner: ${stack.partnerUrl}\n`);

const shutdown = (): void => {
  vite.kill('SIGTERM');
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
