import express from 'express';
import { toNodeHandler } from 'better-auth/node';
import type { createPeerAuth } from './betterAuthPeer.ts';

/** Better Auth on Express 5, as its docs mount it, with a health check for the launcher. */
export function peerApp(auth: ReturnType<typeof createPeerAuth>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.all('/api/auth/*splat', toNodeHandler(auth));
  return app;
}
