import { z } from 'zod';
import { totpCodeField } from './twoFactor.ts';

/**
 * The 2FA check-up after 2FA is turned on or its methods change: `running` for 28 days unless a
 * second factor succeeds (`passed`); `due` once the period ended with none (the next visit asks
 * once); `failed` when that answer was wrong (offer "Reconfigure 2FA"); `none` without 2FA.
 */
export const twoFactorCheckupState = z.enum(['none', 'running', 'passed', 'due', 'failed']);
export type TwoFactorCheckupState = z.infer<typeof twoFactorCheckupState>;

export const twoFactorCheckupView = z.object({
  state: twoFactorCheckupState,
  /** The change of methods that started the period. */
  startedAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  passedAt: z.string().nullable(),
});
export type TwoFactorCheckupView = z.infer<typeof twoFactorCheckupView>;

export const verifyTwoFactorCheckupRequest = z.strictObject({ code: totpCodeField });
