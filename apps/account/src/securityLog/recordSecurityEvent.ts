import { newId } from '@recovery/core/ids';
import type { SecurityEventName } from '@recovery/core/securityEvents';
import type { ClientInfo } from '@recovery/http';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';

export interface SecurityEventInput {
  userId: string;
  action: SecurityEventName;
  client: ClientInfo;
  /** Who did it, when not the user themself (support staff). */
  actorId?: string | null;
  /** Details worth showing; never a secret, code or token. */
  data?: Record<string, string | number | boolean | null>;
}

/** The row for one event, for callers that write it inside a transaction with other rows. */
export function securityEventRow(event: SecurityEventInput, now: Date) {
  return {
    id: newId(now.getTime()),
    userId: event.userId,
    action: event.action,
    actorId: event.actorId ?? null,
    ip: event.client.ip,
    userAgent: event.client.userAgent,
    data: JSON.stringify(event.data ?? {}),
    createdAt: now,
  };
}

/**
 * Appends one event to the user's security log (the table is never updated or deleted from),
 * inside `tx` when the event is part of an outcome that must commit whole.
 */
export async function recordSecurityEvent(ctx: Pick<AccountContext, 'db' | 'now'>, event: SecurityEventInput, tx: AccountTx = ctx.db): Promise<void> {
  await tx.securityEvent.create({ data: securityEventRow(event, ctx.now()) });
}
