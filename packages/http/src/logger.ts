import pino from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * A pino logger that never writes cookies, authorization headers or anything that looks like a
 * secret. `readable`: one coloured line per entry for a person at a terminal (development);
 * otherwise one JSON object per line, for a log collector (production, tests).
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', readable = false): Logger {
  // In the process, not a worker thread: the bundled service has no file for pino to spawn.
  const destination = readable ? pretty({ colorize: process.stdout.isTTY, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }) : undefined;
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
  }, destination);
}
