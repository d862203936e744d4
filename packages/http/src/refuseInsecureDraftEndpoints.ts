import type { RequestHandler } from 'express';

/**
 * Draft-hill-delegated-recovery §2 and §3: a service published over https answers its
 * configuration and protocol endpoints reached over plain http with 401 and an empty body, and
 * never redirects them to https (a redirect would mask a peer's configuration mistake). Behind a
 * TLS terminator the request counts as https when a trusted proxy says so (X-Forwarded-Proto).
 */
export function refuseInsecureDraftEndpoints(publicOrigin: string, paths: string[]): RequestHandler {
  const https = publicOrigin.startsWith('https://');
  const guarded = new Set(paths);
  return (req, res, next) => {
    if (https && req.protocol !== 'https' && guarded.has(req.path)) {
      res.status(401).end();
      return;
    }
    next();
  };
}
