import { z } from 'zod';
import { newPasswordField } from './fields.ts';

export const requestPasswordResetRequest = z.strictObject({
  login: z.string().trim().min(1, 'Enter your username or email').max(254),
});

const resetTokenField = z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/, 'That reset link is not valid');

/** Whether a reset link still works, asked when it is opened (POST: a token never goes in a URL the server logs). */
export const checkPasswordResetRequest = z.strictObject({ token: resetTokenField });
export const passwordResetLinkStatus = z.object({ status: z.enum(['valid', 'expired']) });

export const completePasswordResetRequest = z.strictObject({
  token: resetTokenField,
  password: newPasswordField,
});
