import type { Request, Response } from 'express';
import type { SignUpRequest } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { newId } from '@recovery/core/ids';
import { hashPassword, refuseGuessablePassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import { sql } from '@recovery/db';
import type { SqlStatement, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { signInOutcome } from './signInOutcome.ts';
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

function insertUserStatement(user: User): SqlStatement {
  return sql`INSERT INTO "User" ("id", "username", "displayName", "email", "passwordHash", "role", "createdAt", "updatedAt") VALUES (${user.id}, ${user.username}, ${user.displayName}, ${user.email}, ${user.passwordHash}, ${user.role}, ${user.createdAt}, ${user.updatedAt})`;
}

/**
 * Creates an account and signs it in. Usernames and emails are unique without regard to case
 * (stored lower-cased, the username's spelling kept for display); the database's unique indexes
 * settle races. The account, its first log entries and its session commit together: a fault
 * leaves no account its owner cannot sign up for again (nor one the log missed).
 */
export async function signUp(ctx: AccountContext, req: Request, res: Response, input: SignUpRequest, client: ClientInfo): Promise<{ user: User; csrfToken: string }> {
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
  const now = ctx.now();
  const user: User = { id: newId(), username, displayName: input.username, email, passwordHash, role: 'user', createdAt: now, updatedAt: now };
  const outcome = signInOutcome(ctx, req, user, client, { events: [{ userId: user.id, action: 'user.create', client }], newAccount: true });
  let done;
  try {
    done = await ctx.sql.transaction([{ statement: insertUserStatement(user) }, ...outcome.steps]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const again = await ctx.db.user.findFirst({ where: { username }, select: { id: true } });
      if (!again) await warnEmailOwner(ctx, email);
      throw taken(again ? 'username' : 'email');
    }
    throw error;
  }
  return { user, csrfToken: await outcome.finish(res, done.results) };
}
