import { describe, expect, it } from 'vitest';
import { parseFallbackNumber } from './parseFallbackNumber.ts';

describe('parseFallbackNumber', () => {
  it('normalises national and international input to E.164', () => {
    expect(parseFallbackNumber('NL', '06 1234 5678')).toEqual({ e164: '+31612345678', lastDigits: '5678' });
    expect(parseFallbackNumber('NL', '+31 6 12345678').e164).toBe('+31612345678');
    expect(parseFallbackNumber('GB', '07400 123456').e164).toBe('+447400123456');
    expect(parseFallbackNumber('US', '(415) 555-2671').e164).toBe('+14155552671');
  });

  it.each([
    ['NL', '12', 'not a possible phone number'],
    ['US', '(000) 000-0000', 'not a valid'],
    ['NL', '+44 7400 123456', 'not a Netherlands number'],
    ['GB', '020 7183 8750', 'landline'],
    ['NL', '020 123 4567', 'landline'],
    ['GB', '0800 123 4567', 'cannot receive SMS'],
  ] as const)('refuses %s %j (%s)', (country, input, message) => {
    expect(() => parseFallbackNumber(country, input)).toThrow(message);
    try {
      parseFallbackNumber(country, input);
    } catch (error) {
      expect(error).toMatchObject({ code: 'validation_failed', fields: [{ path: 'phoneNumber' }] });
    }
  });
});
