import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';

/**
 * A recovery with a token failed: the security log's `recover_error` and the
 * `security_outcomes_total` count move together, so no failure reaches one and not the other.
 */
export async function recordRecoverError(ctx: Pick<AccountContext, 'db' | 'now' | 'metrics'>, userId: string, client: ClientInfo, reason: string): Promise<void> {
  ctx.metrics.outcomes.inc({ event: 'recovery_failure', method: 'recovery_token' });
  await recordSecurityEvent(ctx, { userId, action: 'account_recovery_token.recover_error', client, data: { reason } });
}
