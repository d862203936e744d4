import type { SignUpRequest } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { newId } from '@recovery/core/ids';
import { hashPassword, refuseGuessablePassword } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';
import { isUniqueViolation } from './uniqueViolation.ts';

function taken(field: 'username' | 'email'): AppError {
  return field === 'username'
    ? new AppError('username_taken', 'That username is already taken', { fields: [{ path: 'username', message: 'Username is already taken' }] })
    : new AppError('email_taken', 'That email is already in use', { fields: [{ path: 'email', message: 'Email is already in use' }] });
}

/**
 * Creates a partner account. Usernames and emails are unique without regard to case (stored
 * lower-cased, the username's spelling kept for display); the database's unique indexes settle
 * races between two sign-ups.
 */
export async function signUp(ctx: PartnerContext, input: SignUpRequest): Promise<PartnerUser> {
  const username = input.username.toLowerCase();
  const email = input.email.toLowerCase();
  const existing = await ctx.db.partnerUser.findFirst({ where: { OR: [{ username }, { email }] }, select: { username: true } });
  if (existing) throw taken(existing.username === username ? 'username' : 'email');
  if (input.password.toLowerCase() === username) {
    throw new AppError('validation_failed', 'Choose a password that is not your username', {
      fields: [{ path: 'password', message: 'Password cannot be your username' }],
    });
  }
  refuseGuessablePassword(input.password, 'password', [username, email]);
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.partnerUser.create({
      data: { id: newId(), username, displayName: input.username, email, passwordHash, createdAt: ctx.now() },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const again = await ctx.db.partnerUser.findFirst({ where: { username }, select: { id: true } });
      throw taken(again ? 'username' : 'email');
    }
    throw error;
  }
}
