import { z } from 'zod';
import { deviceRecoveryEvidence } from './deviceRecovery.ts';

export const verificationCheck = z.object({ check: z.string(), passed: z.boolean(), detail: z.string() });

export const verificationReport = z.object({
  ok: z.boolean(),
  checks: z.array(verificationCheck),
  failure: z.string().nullable(),
  tokenId: z.string().nullable(),
  userId: z.string().nullable(),
  fields: z
    .object({
      outer: z.object({ issuer: z.string(), audience: z.string(), issuedTime: z.string() }),
      inner: z.object({ tokenId: z.string(), issuer: z.string(), audience: z.string(), issuedTime: z.string(), options: z.number() }),
    })
    .nullable(),
  verifiedAt: z.string(),
});
export type VerificationReportView = z.infer<typeof verificationReport>;

export const recoveryRequestStatus = z.enum(['pending', 'approved', 'declined', 'cancelled', 'completed']);

/** What staff need to judge a request, beside its token's report (GET /api/support/recovery-requests). */
export const recoveryRequestContext = z.object({
  /** When the account was created. */
  accountCreatedAt: z.string(),
  /** The account's last successful sign-in, and from where. */
  lastSignIn: z.object({ at: z.string(), ip: z.string(), userAgent: z.string() }).nullable(),
  /** Wrong second-factor codes in the last 30 days. */
  twoFactorFailures30Days: z.number().int().nonnegative(),
  /** Factors removed (or 2FA turned off) in the last 30 days, newest first. */
  factorsRemoved: z.array(z.object({ action: z.string(), at: z.string() })),
  /** The account's other recovery requests, newest first. */
  otherRequests: z.array(z.object({ id: z.string(), status: recoveryRequestStatus, createdAt: z.string() })),
});
export type RecoveryRequestContext = z.infer<typeof recoveryRequestContext>;

export const recoveryRequestView = z.object({
  id: z.string(),
  status: recoveryRequestStatus,
  user: z.object({ id: z.string(), username: z.string(), email: z.string() }),
  partner: z.string(),
  tokenId: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  /** The username of the staff member who decided. */
  decidedByUsername: z.string().nullable(),
  declineReason: z.string().nullable(),
  completesAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  report: verificationReport,
  /** In the list only (the decision endpoints answer without it). */
  context: recoveryRequestContext.optional(),
  /** A request without a partner: the verified email and device it rests on (its tokenId is `device:<id>`). */
  evidence: deviceRecoveryEvidence.optional(),
});
export type RecoveryRequestView = z.infer<typeof recoveryRequestView>;

export const recoveryRequestList = z.object({ requests: z.array(recoveryRequestView) });

export const recoveryRequestQuery = z.strictObject({ status: recoveryRequestStatus.optional() });

export const recoveryRequestParams = z.strictObject({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a request id') });

export const verifyTokenRequest = z.strictObject({
  token: z.string().trim().min(1, 'Paste a token').max(32_768, 'That token is too large'),
  /** The recovery request the token is checked against: a token of another account is flagged. */
  requestId: z.string().trim().min(1).max(64).optional(),
});

export const declineRecoveryRequest = z.strictObject({ reason: z.string().trim().min(1, 'Give a reason').max(500) });

/** What the account owner sees of their own recovery requests. */
export const ownRecoveryRequest = z.object({
  id: z.string(),
  status: recoveryRequestStatus,
  partner: z.string(),
  createdAt: z.string(),
  completesAt: z.string().nullable(),
  /** What the request rests on: a partner's recovery token, or the email and a verified device. */
  kind: z.enum(['partner_token', 'verified_device']).optional(),
});
export const ownRecoveryRequestList = z.object({ requests: z.array(ownRecoveryRequest) });

/** The recovery tokens a user has stored with partners. */
export const recoveryTokenView = z.object({
  id: z.string(),
  partner: z.string(),
  state: z.enum(['confirmed', 'recovered', 'deleted']),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  recoveredAt: z.string().nullable(),
});
export const recoveryTokenList = z.object({
  tokens: z.array(recoveryTokenView),
  /**
   * The configured partner, if any: its origin, and its name and 152 px icon as its configuration
   * document publishes them (the configured name, and no icon, while that cannot be fetched).
   */
  partner: z.object({ url: z.string(), name: z.string(), iconUrl: z.string().nullable() }).nullable(),
});
export const recoveryTokenParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'Not a token id') });

export const authorizationRedirect = z.object({ authorizationUrl: z.string() });
