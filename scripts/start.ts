// `npm start`: run the whole stack, as built JavaScript, on embedded SQLite under ./data with demo
// users, until Ctrl-C. The npm script builds first (turbo, cached), before this file is loaded:
// its imports reach the generated Prisma clients, which a fresh clone does not have yet.
import path from 'node:path';
import { demoPartnerAccounts } from '../apps/partner/src/seedDemo.ts';
import { repoRoot, startStack } from './stack.ts';

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
};

const stack = await startStack({
  mode: 'start',
  accountPort: port('ACCOUNT_PORT', 3000),
  partnerPort: port('PARTNER_PORT', 4000),
  dataDir: process.env.DATA_DIR ?? path.join(repoRoot, 'data'),
  accountDatabaseUrl: process.env.ACCOUNT_DATABASE_URL,
  partnerDatabaseUrl: process.env.PARTNER_DATABASE_URL,
});

console.log(`
  Account service (web UI): ${stack.accountUrl}
  Partner (recovery provider): ${stack.partnerUrl}
  Development outbox: ${stack.accountUrl}/dev/outbox

  Demo sign-ins on the account service:
${stack.demo.accounts.map((a) => `    ${a.role === 'staff' ? 'support staff' : 'user'}: ${a.username} / ${a.password}`).join('\n')}
    the support account has 2FA on; its setup key (add it to an authenticator app): ${stack.demo.staffSetupKey}
  Demo sign-in on the partner:
${demoPartnerAccounts.map((a) => `    ${a.username} / ${a.password}`).join('\n')}

  Press Ctrl-C to stop.
`);

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
