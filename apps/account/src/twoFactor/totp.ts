import { Secret, TOTP } from 'otpauth';

const period = 30;

/** SHA-1, 6 digits, 30 s: what every authenticator app understands. */
export function totpFor(secretBase32: string, issuer: string, account: string): TOTP {
  return new TOTP({ issuer, label: account, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secretBase32) });
}

/** A new 160-bit seed, base32 (the "Setup key"). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The time step a code belongs to, accepting one step either side for clock drift, or null.
 * The caller refuses a step at or before the last one used (a code is never accepted twice).
 */
export function matchTotpStep(totp: TOTP, code: string, now: Date): number | null {
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / period) + delta;
}
