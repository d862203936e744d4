import { z } from 'zod';

export const securityLogQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type SecurityLogQuery = z.infer<typeof securityLogQuery>;

export const securityLogExportQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
});

export const securityEventView = z.object({
  id: z.string(),
  action: z.string(),
  description: z.string(),
  createdAt: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  actor: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type SecurityEventView = z.infer<typeof securityEventView>;

export const securityLogPage = z.object({
  events: z.array(securityEventView),
  nextCursor: z.string().nullable(),
});
export type SecurityLogPage = z.infer<typeof securityLogPage>;
