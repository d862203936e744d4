import { totpCode } from './totpCode.ts';

const periodMs = 30_000;

/**
 * A 6-digit code that no time step the service could accept around now would produce (it takes
 * one step either side; one more step covers the seconds until the code is sent). Computed from the
 * setup key rather than guessed, so a "wrong" code is never right by chance.
 */
export function wrongTotpCode(setupKey: string, timestamp: number = Date.now()): string {
  const near = new Set([-1, 0, 1, 2].map((steps) => totpCode(setupKey, timestamp + steps * periodMs)));
  for (let candidate = 0; ; candidate += 1) {
    const code = String(candidate).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}
