// Child-process entry: Better Auth's twoFactor plugin on Express 5, on PEER_DB, PORT.
import express from 'express';
import { toNodeHandler } from 'better-auth/node';
import { createPeerAuth } from './betterAuthPeer.ts';

const file = process.env.PEER_DB;
const secret = process.env.PEER_SECRET;
if (!file || !secret) throw new Error('PEER_DB and PEER_SECRET are required');
const origin = `http://127.0.0.1:${process.env.PORT}`;
const { auth, database } = createPeerAuth(file, secret, origin);
const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.all('/api/auth/*splat', toNodeHandler(auth));
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
const stop = (): void => {
  server.close(() => {
    database.close();
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
