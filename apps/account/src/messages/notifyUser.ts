import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';

/**
 * Emails the user. A failed delivery is logged and does not undo or block what happened: the
 * security log keeps the record either way.
 */
export async function notifyUser(ctx: Pick<AccountContext, 'sender' | 'logger'>, user: Pick<User, 'id' | 'email'>, subject: string, body: string): Promise<void> {
  try {
    await ctx.sender.send({ channel: 'email', to: user.email, subject, body });
  } catch (error) {
    ctx.logger.warn({ err: error, userId: user.id, subject }, 'could not send email');
  }
}
