import { z } from 'zod';

/** "Start account recovery": where the one-time password went, and whether this browser is a verified device. */
export const deviceRecoveryStarted = z.object({
  /** The account's email address, masked. */
  sentTo: z.string(),
  /** This browser passed this account's second factor before: the proof is made without a click. */
  verifiedDevice: z.boolean(),
});
export type DeviceRecoveryStarted = z.infer<typeof deviceRecoveryStarted>;

export const verifyRecoveryEmailRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit one-time password from the email'),
});

/** The verified device a request rests on, as staff and the person see it. */
export const verifiedDeviceView = z.object({ userAgent: z.string(), firstSeenAt: z.string(), lastSeenAt: z.string() });

/** What a request without a partner rests on (support console). */
export const deviceRecoveryEvidence = z.object({
  emailVerifiedAt: z.string(),
  /** Null: filed without device proof; such a request cannot be approved. */
  device: verifiedDeviceView.nullable(),
});
export type DeviceRecoveryEvidenceView = z.infer<typeof deviceRecoveryEvidence>;

export const deviceRecoveryFiled = z.object({
  requestId: z.string(),
  device: verifiedDeviceView.nullable(),
  waitingHours: z.number(),
});
export type DeviceRecoveryFiled = z.infer<typeof deviceRecoveryFiled>;
