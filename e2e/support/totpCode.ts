import { Secret, TOTP } from 'otpauth';

/** What an authenticator app would show for this setup key (SHA-1, 6 digits, 30 s), now or at `timestamp`. */
export function totpCode(setupKey: string, timestamp: number = Date.now()): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(setupKey.replace(/\s+/g, '')) });
  return totp.generate({ timestamp });
}
