import type { z } from 'zod';
import { AppError } from '@recovery/core/errors';

/** Parses untrusted input; a failure becomes a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || what,
    message: issue.message,
  }));
  throw new AppError('validation_failed', `The ${what} is not valid: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`.slice(0, 500), {
    fields,
  });
}
