import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call an operation: anyone, a signed-in user, one in sudo mode, support staff, or support
 * staff in sudo mode (decisions that remove a user's 2FA).
 */
export type Access = 'public' | 'session' | 'sudo' | 'staff' | 'staffSudo';

/**
 * One HTTP operation of a service: the single description the server validates against, the
 * OpenAPI document is generated from, and the web client is typed by.
 */
export interface Operation {
  id: string;
  method: HttpMethod;
  /** Express-style path, `:param` for path parameters. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  /** Defaults to 200, or 204 when there is no response schema. */
  status?: number;
  /** Non-JSON responses (downloads), by media type. */
  produces?: string[];
}

export function defineOperations<T extends Record<string, Operation>>(operations: T): T {
  return operations;
}
