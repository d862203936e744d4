import { z } from 'zod';
import { emailField, newPasswordField, passwordField, usernameField } from './fields.ts';
import { totpCodeField, twoFactorChallenge } from './twoFactor.ts';
import { authenticationResponse } from './webAuthn.ts';

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

/** "Change password": the current password as well, even in sudo mode (sudo may have come from a key). */
export const changePasswordRequest = z.strictObject({
  currentPassword: passwordField,
  newPassword: newPasswordField,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

/** Sudo mode by password, authenticator code or security key (never by SMS). */
export const sudoRequest = z.union([
  z.strictObject({ password: passwordField }),
  z.strictObject({ totpCode: totpCodeField }),
  z.strictObject({ securityKey: authenticationResponse }),
]);
export type SudoRequest = z.infer<typeof sudoRequest>;

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  role: z.enum(['user', 'staff']),
  createdAt: z.string(),
  twoFactorEnabled: z.boolean(),
});
export type UserView = z.infer<typeof userView>;

export const sudoView = z.object({
  active: z.boolean(),
  expiresAt: z.string().nullable(),
});
export type SudoView = z.infer<typeof sudoView>;

export const sessionView = z.object({
  /** The product's name (APP_NAME), for the header, titles and the recovery-codes file. */
  appName: z.string(),
  /** How long an approved account recovery waits before 2FA is removed (ACCOUNT_RECOVERY_DELAY_HOURS). */
  recoveryWaitingHours: z.number(),
  user: userView.nullable(),
  sudo: sudoView,
  csrfToken: z.string(),
});
export type SessionView = z.infer<typeof sessionView>;

export const signedIn = z.object({
  user: userView,
  csrfToken: z.string(),
});
export type SignedIn = z.infer<typeof signedIn>;

/** A correct password signs in, or (with 2FA on) asks for the second step. */
export const signInResponse = z.union([signedIn, twoFactorChallenge]);
export type SignInResponse = z.infer<typeof signInResponse>;
