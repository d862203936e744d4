import { z } from 'zod';
import { newPasswordField } from './fields.ts';

export const requestPasswordResetRequest = z.strictObject({
  login: z.string().trim().min(1, 'Enter your username or email').max(254),
});

export const completePasswordResetRequest = z.strictObject({
  token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/, 'That reset link is not valid'),
  password: newPasswordField,
});
