// Child-process entry: Better Auth's twoFactor plugin (or its passkey plugin with
// PEER_PLUGIN=passkey) on Express 5, on PEER_DB (SQLite) or PEER_DATABASE_URL (PostgreSQL), PORT.
import { createPeerAuth } from './betterAuthPeer.ts';
import { peerApp } from './peerApp.ts';
import { openPeerDatabase, peerDatabaseFromEnv } from './peerDatabase.ts';

const secret = process.env.PEER_SECRET;
if (!secret) throw new Error('PEER_SECRET is required');
const database = openPeerDatabase(peerDatabaseFromEnv(process.env));
const server = peerApp(createPeerAuth(database, secret, process.env.PEER_ORIGIN ?? `http://127.0.0.1:${process.env.PORT}`, process.env.PEER_PLUGIN === 'passkey' ? 'passkey' : 'twoFactor')).listen(Number(process.env.PORT), '127.0.0.1');
const stop = (): void => {
  server.close(() => {
    void database.close().finally(() => process.exit(0));
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
