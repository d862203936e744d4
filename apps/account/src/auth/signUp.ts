import type { SignUpRequest } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { newId } from '@recovery/core/ids';
import { hashPassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { securityEventRow } from '../securityLog/recordSecurityEvent.ts';
import { isUniqueViolation } from './uniqueViolation.ts';

function taken(field: 'username' | 'email'): AppError {
  return field === 'username'
    ? new AppError('username_taken', 'That username is already taken', { fields: [{ path: 'username', message: 'Username is already taken' }] })
    : new AppError('email_taken', 'That email is already in use', { fields: [{ path: 'email', message: 'Email is already in use' }] });
}

/**
 * Creates an account. Usernames and emails are unique without regard to case (stored lower-cased,
 * the username's spelling kept for display); the database's unique indexes settle races.
 */
export async function signUp(ctx: AccountContext, input: SignUpRequest, client: ClientInfo): Promise<User> {
  const username = input.username.toLowerCase();
  const email = input.email.toLowerCase();
  const existing = await ctx.db.user.findFirst({ where: { OR: [{ username }, { email }] }, select: { username: true } });
  if (existing) throw taken(existing.username === username ? 'username' : 'email');
  if (input.password.toLowerCase() === username) {
    throw new AppError('validation_failed', 'Choose a password that is not your username', {
      fields: [{ path: 'password', message: 'Password cannot be your username' }],
    });
  }
  const passwordHash = await hashPassword(input.password);
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
      throw taken(again ? 'username' : 'email');
    }
    throw error;
  }
  return user;
}
