import { z } from 'zod';

const loopbackOrigin = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** A loopback http origin (http://127.0.0.1:…, http://localhost:…, http://[::1]:…). */
export function isLoopbackOrigin(origin: string): boolean {
  return loopbackOrigin.test(origin);
}

/**
 * A public origin in configuration: https, or a loopback http origin outside production (the
 * rule for origins in tokens and configuration). Any path is dropped.
 */
export function originField(nodeEnv: string) {
  return z
    .url()
    .transform((value) => new URL(value).origin)
    .refine((origin) => origin.startsWith('https://') || (nodeEnv !== 'production' && isLoopbackOrigin(origin)), {
      message: 'must be an https:// origin (http://127.0.0.1 or localhost only outside production)',
    });
}

/** A 32-byte key given as base64. */
export const base64KeyField = z
  .string()
  .transform((value) => Buffer.from(value, 'base64'))
  .refine((key) => key.length === 32, { message: 'must be 32 bytes, base64-encoded' });
