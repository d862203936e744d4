import pino from 'pino';
import type { Logger } from 'pino';

/** A pino logger that never writes cookies, authorization headers or anything that looks like a secret. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.code',
        '*.token',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
