import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { NumberType } from 'libphonenumber-js/max';
import { AppError } from '@recovery/core/errors';
import { supportedSmsCountries } from '@recovery/core/smsCountries';
import type { SmsCountryCode } from '@recovery/core/smsCountries';

/** Types that cannot receive an SMS reliably, or that anyone can rent (refused where detectable). */
const refusedTypes = new Set<NumberType>(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'PAGER', 'UAN', 'VOICEMAIL']);

function invalid(message: string): AppError {
  return new AppError('validation_failed', message, { fields: [{ path: 'phoneNumber', message }] });
}

/**
 * A number typed by a person, for the chosen country, as E.164. Refused: impossible or invalid
 * numbers, numbers of another country than the one chosen, and landlines and service numbers
 * where the numbering plan says so.
 */
export function parseFallbackNumber(country: SmsCountryCode, input: string): { e164: string; lastDigits: string } {
  const name = supportedSmsCountries.find((c) => c.code === country)?.name ?? country;
  const parsed = parsePhoneNumberFromString(input, country);
  if (!parsed || !parsed.isPossible()) throw invalid(`That is not a possible phone number in ${name}; include the area code`);
  if (!parsed.isValid()) throw invalid(`That is not a valid phone number in ${name}`);
  if (parsed.country !== country) throw invalid(`That number is not a ${name} number; choose its country`);
  const type = parsed.getType();
  if (type && refusedTypes.has(type)) {
    throw invalid(type === 'FIXED_LINE' ? 'That looks like a landline; use a mobile number that can receive SMS' : 'That kind of number cannot receive SMS codes');
  }
  return { e164: parsed.number, lastDigits: parsed.number.slice(-4) };
}
