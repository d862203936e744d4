import type { Request } from 'express';

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** The client address (as Express resolves it under the configured trust proxy) and user agent. */
export function clientInfo(req: Request): ClientInfo {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: String(req.get('user-agent') ?? '').slice(0, 512),
  };
}
