import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

const apiPrefixes = ['/api/', '/dev/', '/.well-known/', '/healthz'];

/** Serves the built web UI, with index.html for client-side routes. Absent before a build. */
export function webApp(distDir: string): Router {
  const router = Router();
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return router;
  router.use(express.static(distDir, { index: false, maxAge: '1h', immutable: false }));
  router.get(/.*/, (req, res, next) => {
    if (apiPrefixes.some((prefix) => req.path.startsWith(prefix))) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
