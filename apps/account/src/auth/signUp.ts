import type { SignUpRequest } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { newId } from '@recovery/core/ids';
import { hashPassword, refuseGuessablePassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { securityEventRow } from '../securityLog/recordSecurityEvent.ts';
import { isUniqueViolation } from './uniqueViolation.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { signUpAddressKey } from './signUpLimit.ts';
import { mayNotifyTakenEmail } from './takenEmailNotices.ts';

function taken(field: 'username' | 'email'): AppError {
  return field === 'username'
    ? new AppError('username_taken', 'That username is already taken', { fields: [{ path: 'username', message: 'Username is already taken' }] })
    : new AppError('email_taken', 'Email is invalid or already taken', { fields: [{ path: 'email', message: 'Email is invalid or already taken' }] });
}

/** The owner of an email someone tried to register again hears of it (as GitHub does), a few times a day at most. */
async function warnEmailOwner(ctx: AccountContext, email: string): Promise<void> {
  const owner = await ctx.db.user.findFirst({ where: { email } });
  if (!owner || !(await mayNotifyTakenEmail(ctx, email))) return;
  await notifyUser(
    ctx,
    owner,
    'Someone tried to create an account with your email',
    `Someone tried to create a new account with ${owner.email}, which already belongs to ${owner.displayName}. If this was you, sign in instead or reset your password. Otherwise, ignore this email.`,
  );
}

/**
 * Creates an account. Usernames and emails are unique without regard to case (stored lower-cased,
 * the username's spelling kept for display); the database's unique indexes settle races.
 */
export async function signUp(ctx: AccountContext, input: SignUpRequest, client: ClientInfo): Promise<User> {
  // Every sign-up counts against the address, whatever its outcome (README "Sign-up and email enumeration").
  await ctx.signUpLimit.recordFailure(signUpAddressKey(client.ip));
  const username = input.username.toLowerCase();
  const email = input.email.toLowerCase();
  if (input.password.toLowerCase() === username) {
    throw new AppError('validation_failed', 'Choose a password that is not your username', {
      fields: [{ path: 'password', message: 'Password cannot be your username' }],
    });
  }
  refuseGuessablePassword(input.password, 'password', [username, email]);
  // Hashed before the lookup, so a taken email answers in the time a new account takes.
  const passwordHash = await hashPassword(input.password);
  const existing = await ctx.db.user.findFirst({ where: { OR: [{ username }, { email }] }, select: { username: true } });
  if (existing) {
    if (existing.username !== username) await warnEmailOwner(ctx, email);
    throw taken(existing.username === username ? 'username' : 'email');
  }
  let user: User;
  const id = newId();
  try {
    // The account and its first log entry are written together: the log never misses an account.
    [user] = await ctx.db.$transaction([
      ctx.db.user.create({ data: { id, username, displayName: input.username, email, passwordHash, createdAt: ctx.now() } }),
      ctx.db.securityEvent.create({ data: securityEventRow({ userId: id, action: 'user.create', client }, ctx.now()) }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const again = await ctx.db.user.findFirst({ where: { username }, select: { id: true } });
      if (!again) await warnEmailOwner(ctx, email);
      throw taken(again ? 'username' : 'email');
    }
    throw error;
  }
  return user;
}
