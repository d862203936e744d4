import { everyCombination } from './everyCombination.ts';

/**
 * What a thief may hold, short of the password and a second factor together (that pair is the
 * account itself: it is what two-factor authentication asks for). For each combination: whether
 * the thief can get in, and how. recoveryMatrix.test.ts walks every row and asserts the thief is
 * never in before the waiting period, and never without the owner having been emailed.
 */
export const THIEF_HOLDINGS = [
  { key: 'password', label: 'Password' },
  { key: 'inbox', label: 'Email inbox' },
  { key: 'partner', label: 'Partner account' },
  { key: 'knownBrowser', label: 'A known browser (signed out)' },
] as const;

export type HoldingKey = (typeof THIEF_HOLDINGS)[number]['key'];
export type Held = Record<HoldingKey, boolean>;

export interface ThiefOutcome {
  /** How the thief reaches the password step: knowing it, or resetting it through the inbox. */
  password: 'known' | 'reset' | null;
  /** The recovery that gets the thief in after the waiting period, unless the owner cancels; null: never. */
  way: 'partner' | 'verified_device' | null;
}

export function everyHolding(): Held[] {
  return everyCombination(THIEF_HOLDINGS);
}

export function thiefOutcome(held: Held): ThiefOutcome {
  const password = held.password ? 'known' : held.inbox ? 'reset' : null;
  if (password === null) return { password, way: null };
  if (held.partner) return { password, way: 'partner' };
  return { password, way: held.knownBrowser && held.inbox ? 'verified_device' : null };
}

export function describeThiefOutcome(outcome: ThiefOutcome): string {
  if (outcome.way === null) return outcome.password === null ? 'Never: stopped at the password' : 'Never: stopped at the second step (no second factor, and account recovery needs both the emailed one-time password and a verified device)';
  const via = outcome.way === 'partner' ? 'a partner recovery' : 'account recovery from the known browser';
  const reset = outcome.password === 'reset' ? ' (after a password reset, which emails the owner and signs out every session)' : '';
  return `Only if support approves ${via}${reset}, after the waiting period; the owner is emailed at the start and the approval and can cancel from any signed-in session`;
}
