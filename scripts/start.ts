// `npm start`: run the whole stack, as built JavaScript, on embedded SQLite under ./data with demo
// users, until Ctrl-C. The npm script builds first (turbo, cached), before this file is loaded:
// its imports reach the generated Prisma clients, which a fresh clone does not have yet.
import path from 'node:path';
import { demoPartnerAccounts } from '../apps/partner/src/seedDemo.ts';
import { repoRoot, startStack } from './stack.ts';
import type { RunningStack } from './stack.ts';
import { stackFailureLine } from './stackFailure.ts';
import { startTlsTerminator } from './tlsTerminator.ts';

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (Number.isInteger(value) && value >= 1 && value <= 65535) return value;
  console.error(`npm start: ${name} must be a port number (1 to 65535)`);
  process.exit(1);
};

const accountPort = port('ACCOUNT_PORT', 3000);
const partnerPort = port('PARTNER_PORT', 4000);
// TLS_CERT and TLS_KEY: publish https origins through a local TLS terminator (see the README).
const tls = process.env.TLS_CERT && process.env.TLS_KEY ? { certFile: process.env.TLS_CERT, keyFile: process.env.TLS_KEY } : undefined;
const accountTlsPort = port('ACCOUNT_TLS_PORT', 3443);
const partnerTlsPort = port('PARTNER_TLS_PORT', 4443);
const terminator = tls ? await startTlsTerminator({ ...tls, routes: [{ listen: accountTlsPort, target: accountPort }, { listen: partnerTlsPort, target: partnerPort }] }) : undefined;
// Each service fetches the other's configuration over https, so it must trust the certificate.
const trustCertificate = tls ? { NODE_EXTRA_CA_CERTS: path.resolve(tls.certFile) } : {};

let stack: RunningStack;
try {
  stack = await startStack({
    mode: 'start',
    accountPort,
    partnerPort,
    accountPublicUrl: tls ? `https://localhost:${accountTlsPort}` : undefined,
    partnerPublicUrl: tls ? `https://localhost:${partnerTlsPort}` : undefined,
    extraAccountEnv: trustCertificate,
    extraPartnerEnv: trustCertificate,
    dataDir: process.env.DATA_DIR ?? path.join(repoRoot, 'data'),
    accountDatabaseUrl: process.env.ACCOUNT_DATABASE_URL,
    partnerDatabaseUrl: process.env.PARTNER_DATABASE_URL,
  });
} catch (error) {
  console.error(stackFailureLine('npm start', error));
  await terminator?.close();
  process.exit(1);
}

const accountUrl = tls ? `https://localhost:${accountTlsPort}` : stack.accountUrl;
console.log(`
  Account service (web UI): ${accountUrl}
  Partner (recovery provider): ${stack.partnerUrl}
  Development outbox: ${accountUrl}/dev/outbox

  Demo sign-ins on the account service:
${stack.demo.accounts.map((a) => `    ${a.role === 'staff' ? 'support staff' : 'user'}: ${a.username} / ${a.password}`).join('\n')}
    the support account has 2FA on; its setup key (add it to an authenticator app): ${stack.demo.staffSetupKey}
  Demo sign-in on the partner:
${demoPartnerAccounts.map((a) => `    ${a.username} / ${a.password}`).join('\n')}

  Press Ctrl-C to stop.
`);

let stopping = false;
const shutdown = (exitCode: number): void => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  void stack
    .stop()
    .then(() => terminator?.close())
    .then(() => process.exit(exitCode));
};
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
// One service gone means the stack no longer works: say which and why, stop the other, fail.
void stack.stopped.then((stopped) => {
  // A Ctrl-C reaches the services too; their exit is then ours, not news.
  if (stopping) return;
  console.error(stackFailureLine('npm start', stopped) + '; stopping the stack');
  shutdown(1);
});
