/**
 * Countries where fallback SMS delivery is supported: kept as data so the UI, the API and the
 * documentation show one list. ISO 3166-1 alpha-2 code, English name, calling code.
 */
export const supportedSmsCountries = [
  { code: 'AR', name: 'Argentina', callingCode: '54' },
  { code: 'AU', name: 'Australia', callingCode: '61' },
  { code: 'AT', name: 'Austria', callingCode: '43' },
  { code: 'BE', name: 'Belgium', callingCode: '32' },
  { code: 'BR', name: 'Brazil', callingCode: '55' },
  { code: 'CA', name: 'Canada', callingCode: '1' },
  { code: 'CL', name: 'Chile', callingCode: '56' },
  { code: 'CO', name: 'Colombia', callingCode: '57' },
  { code: 'CZ', name: 'Czechia', callingCode: '420' },
  { code: 'DK', name: 'Denmark', callingCode: '45' },
  { code: 'FI', name: 'Finland', callingCode: '358' },
  { code: 'FR', name: 'France', callingCode: '33' },
  { code: 'DE', name: 'Germany', callingCode: '49' },
  { code: 'GR', name: 'Greece', callingCode: '30' },
  { code: 'HK', name: 'Hong Kong', callingCode: '852' },
  { code: 'HU', name: 'Hungary', callingCode: '36' },
  { code: 'IS', name: 'Iceland', callingCode: '354' },
  { code: 'IN', name: 'India', callingCode: '91' },
  { code: 'IE', name: 'Ireland', callingCode: '353' },
  { code: 'IL', name: 'Israel', callingCode: '972' },
  { code: 'IT', name: 'Italy', callingCode: '39' },
  { code: 'JP', name: 'Japan', callingCode: '81' },
  { code: 'KE', name: 'Kenya', callingCode: '254' },
  { code: 'KR', name: 'South Korea', callingCode: '82' },
  { code: 'LU', name: 'Luxembourg', callingCode: '352' },
  { code: 'MX', name: 'Mexico', callingCode: '52' },
  { code: 'NL', name: 'Netherlands', callingCode: '31' },
  { code: 'NZ', name: 'New Zealand', callingCode: '64' },
  { code: 'NG', name: 'Nigeria', callingCode: '234' },
  { code: 'NO', name: 'Norway', callingCode: '47' },
  { code: 'PH', name: 'Philippines', callingCode: '63' },
  { code: 'PL', name: 'Poland', callingCode: '48' },
  { code: 'PT', name: 'Portugal', callingCode: '351' },
  { code: 'RO', name: 'Romania', callingCode: '40' },
  { code: 'SG', name: 'Singapore', callingCode: '65' },
  { code: 'ZA', name: 'South Africa', callingCode: '27' },
  { code: 'ES', name: 'Spain', callingCode: '34' },
  { code: 'SE', name: 'Sweden', callingCode: '46' },
  { code: 'CH', name: 'Switzerland', callingCode: '41' },
  { code: 'TW', name: 'Taiwan', callingCode: '886' },
  { code: 'GB', name: 'United Kingdom', callingCode: '44' },
  { code: 'US', name: 'United States', callingCode: '1' },
] as const;

export type SmsCountryCode = (typeof supportedSmsCountries)[number]['code'];

export const smsCountryCodes = supportedSmsCountries.map((c) => c.code) as [SmsCountryCode, ...SmsCountryCode[]];

export function isSupportedSmsCountry(code: string): code is SmsCountryCode {
  return (smsCountryCodes as string[]).includes(code);
}

/** "+••• ••• 4321": only the last four digits of a number are ever shown, always in this form. */
export function maskPhoneNumber(e164: string): string {
  return maskLastDigits(e164.replace(/\D/g, '').slice(-4));
}

export function maskLastDigits(lastDigits: string): string {
  return `+••• ••• ${lastDigits}`;
}
