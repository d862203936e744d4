import { z } from 'zod';
import { authenticationResponse } from './webAuthn.ts';
import { smsCodeField } from './fallbackSms.ts';

/** Six digits; spaces people type between groups are forgiven. */
export const totpCodeField = z
  .string()
  .max(20)
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your app'));

export const recoveryCodeField = z.string().min(1, 'Enter a recovery code').max(40, 'That is not a recovery code');

export const twoFactorStatus = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesRemaining: z.number().int(),
  recoveryCodesTotal: z.number().int(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatus>;

export const twoFactorSetup = z.object({
  otpauthUri: z.string(),
  /** The base32 secret, for typing into an app that cannot scan. */
  setupKey: z.string(),
  /** The otpauth URI as a QR code, a PNG data URL. */
  qrCodeDataUrl: z.string(),
});
export type TwoFactorSetup = z.infer<typeof twoFactorSetup>;

export const enableTwoFactorRequest = z.strictObject({ code: totpCodeField });

/**
 * "Edit" the authenticator app: a new secret to scan while the current one keeps working. The
 * new secret travels sealed in replacementToken (bound to the account, valid 15 minutes), so
 * nothing changes on the server until a code from the new app proves it.
 */
export const authenticatorReplacement = twoFactorSetup.extend({ replacementToken: z.string() });
export type AuthenticatorReplacement = z.infer<typeof authenticatorReplacement>;
export const replaceAuthenticatorRequest = z.strictObject({ replacementToken: z.string().min(1).max(2000), code: totpCodeField });
export type ReplaceAuthenticatorRequest = z.infer<typeof replaceAuthenticatorRequest>;

export const recoveryCodesIssued = z.object({
  recoveryCodes: z.array(z.string()),
  generatedAt: z.string(),
});
export type RecoveryCodesIssued = z.infer<typeof recoveryCodesIssued>;

export const recoveryCodesView = z.object({
  codes: z.array(z.object({ code: z.string(), used: z.boolean() })),
  generatedAt: z.string(),
  username: z.string(),
});
export type RecoveryCodesView = z.infer<typeof recoveryCodesView>;

export const recoveryCodesEventRequest = z.strictObject({ action: z.enum(['downloaded', 'printed']) });

export const twoFactorMethod = z.enum(['totp', 'recovery_code', 'webauthn', 'sms']);
export type TwoFactorMethod = z.infer<typeof twoFactorMethod>;

export const twoFactorSignInRequest = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('totp'), code: totpCodeField }),
  z.strictObject({ method: z.literal('recovery_code'), code: recoveryCodeField }),
  z.strictObject({ method: z.literal('webauthn'), response: authenticationResponse }),
  z.strictObject({ method: z.literal('sms'), code: smsCodeField }),
]);
export type TwoFactorSignInRequest = z.infer<typeof twoFactorSignInRequest>;

/** The answer to a correct password when the account has 2FA: no session yet, a second step. */
export const twoFactorChallenge = z.object({
  twoFactorRequired: z.literal(true),
  /** The account signing in (its username), shown on the second step. */
  account: z.string(),
  methods: z.array(twoFactorMethod),
  /** The recovery partner for "Recover with <partner>", when one is configured. */
  recoveryPartner: z.object({ name: z.string(), url: z.string() }).nullable(),
  /**
   * The account's recovery in progress, if any (said only after the password): the person who
   * asked for it learns where it stands and when 2FA goes; anyone else learns to cancel it.
   */
  recovery: z
    .object({ reference: z.string(), status: z.enum(['pending', 'approved']), completesAt: z.string().nullable() })
    .nullable()
    .optional(),
});
export type TwoFactorChallenge = z.infer<typeof twoFactorChallenge>;
