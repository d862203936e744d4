import { z } from 'zod';
import { smsCountryCodes } from '../smsCountries.ts';

export const setFallbackSmsRequest = z.strictObject({
  country: z.enum(smsCountryCodes, { message: 'Choose a supported country' }),
  phoneNumber: z.string().trim().min(4, 'Enter the phone number including area code').max(32, 'That phone number is too long'),
});

export const smsCodeField = z
  .string()
  .max(20)
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code we sent'));

export const confirmFallbackSmsRequest = z.strictObject({ code: smsCodeField });

export const fallbackSmsView = z.object({
  /** Masked: only the last digits. */
  number: z.string().nullable(),
  country: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** A number waiting for its confirmation code, masked. */
  pendingNumber: z.string().nullable(),
  supportedCountries: z.array(z.object({ code: z.string(), name: z.string(), callingCode: z.string() })),
});
export type FallbackSmsView = z.infer<typeof fallbackSmsView>;
