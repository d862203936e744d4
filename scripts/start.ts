// `npm start`: run the whole stack, as built JavaScript, on embedded SQLite under ./data with demo
// users, until Ctrl-C. The npm script builds first (turbo, cached), before this file is loaded:
// its imports reach the generated Prisma clients, which a fresh clone does not have yet.
import path from 'node:path';
import { demoPartnerAccounts } from '../apps/partner/src/seedDemo.ts';
import { repoRoot, startStack } from './stack.ts';
import { startTlsTerminator } from './tlsTerminator.ts';

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
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

const stack = await startStack({
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
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  void stack
    .stop()
    .then(() => terminator?.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
