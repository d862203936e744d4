import type { TwoFactorChallenge } from '@recovery/core/api/index';

const key = 'pending-two-factor';
/** As long as the service keeps the pending sign-in (its cookie and row live ten minutes). */
const lifetimeMs = 10 * 60_000;

/**
 * The second step of a sign-in in progress, kept in this tab while "Recover with …" visits the
 * partner: if the recovery fails there, the person comes back to the second step instead of
 * typing their password again. Nothing secret: the account's name and the ways offered; the
 * service still decides, by its own cookie, whether the password step is still valid.
 */
export function rememberChallenge(challenge: TwoFactorChallenge | null): void {
  try {
    if (challenge === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify({ challenge, savedAt: Date.now() }));
  } catch {
    // Storage refused (private mode, quota): the person signs in again, as before.
  }
}

/** The remembered second step, if still within its lifetime; forgotten at sign-in or a restart. */
export function rememberedChallenge(): TwoFactorChallenge | null {
  try {
    const stored = sessionStorage.getItem(key);
    if (stored === null) return null;
    const { challenge, savedAt } = JSON.parse(stored) as { challenge: TwoFactorChallenge; savedAt: number };
    return Date.now() - savedAt < lifetimeMs && Array.isArray(challenge.methods) ? challenge : null;
  } catch {
    return null;
  }
}
