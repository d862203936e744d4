import { z } from 'zod';
import { emailField, newPasswordField, passwordField, usernameField } from './fields.ts';

export const signUpRequest = z.strictObject({
  username: usernameField,
  email: emailField,
  password: newPasswordField,
});
export type SignUpRequest = z.infer<typeof signUpRequest>;

export const signInRequest = z.strictObject({
  login: z.string().trim().min(1, 'Username or email is required').max(254),
  password: passwordField,
});
export type SignInRequest = z.infer<typeof signInRequest>;

export const sudoRequest = z.strictObject({
  password: passwordField,
});
export type SudoRequest = z.infer<typeof sudoRequest>;

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  role: z.enum(['user', 'staff']),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userView>;

export const sudoView = z.object({
  active: z.boolean(),
  expiresAt: z.string().nullable(),
});
export type SudoView = z.infer<typeof sudoView>;

export const sessionView = z.object({
  user: userView.nullable(),
  sudo: sudoView,
  csrfToken: z.string(),
});
export type SessionView = z.infer<typeof sessionView>;

export const signInResponse = z.object({
  user: userView,
  csrfToken: z.string(),
});
export type SignInResponse = z.infer<typeof signInResponse>;
