import { everyCombination } from './everyCombination.ts';

/**
 * The recovery matrix: for every combination of what an owner may have lost, how they get back
 * in, or that they cannot. The README's tables are generated from this data (recoveryMatrixTables.ts)
 * and recoveryMatrix.test.ts walks every row through the API, so the table and the product cannot
 * drift apart.
 */

/** What an owner may lose. The owner's email inbox is not on the list: it is where every way starts. */
export const FACTORS = [
  { key: 'password', label: 'Password' },
  { key: 'authenticator', label: 'Authenticator app' },
  { key: 'recoveryCodes', label: 'Recovery codes' },
  { key: 'securityKey', label: 'Security key or passkey' },
  { key: 'phone', label: 'Phone (fallback SMS)' },
  { key: 'partner', label: 'Partner account' },
  { key: 'knownBrowsers', label: 'Every known browser' },
] as const;

export type FactorKey = (typeof FACTORS)[number]['key'];

export type WayId = 'authenticator' | 'recovery_code' | 'security_key' | 'fallback_sms' | 'partner' | 'verified_device';

export interface WayBack {
  id: WayId;
  /** Each of these must still be held. */
  needs: FactorKey[];
  /** Support decides, and 2FA is removed only after the waiting period (the owner can cancel). */
  waits: boolean;
  words: string;
}

/**
 * The ways back, in the order an owner should try them (quickest first). A passkey joins as one
 * entry needing 'securityKey' (the column already reads "Security key or passkey").
 */
export const WAYS_BACK: WayBack[] = [
  { id: 'authenticator', needs: ['authenticator'], waits: false, words: 'a code from the authenticator app' },
  { id: 'recovery_code', needs: ['recoveryCodes'], waits: false, words: 'a recovery code' },
  { id: 'security_key', needs: ['securityKey'], waits: false, words: 'the security key' },
  { id: 'fallback_sms', needs: ['phone'], waits: false, words: 'a code sent to the fallback number' },
  { id: 'partner', needs: ['partner'], waits: true, words: '"Recover with …" at the partner; support approves; 2FA removed after the waiting period' },
  {
    id: 'verified_device',
    needs: ['knownBrowsers'],
    waits: true,
    words: '"Start account recovery" from a known browser (emailed one-time password); support approves; 2FA removed after the waiting period',
  },
];

export type Lost = Record<FactorKey, boolean>;

export interface OwnerOutcome {
  /** A lost password is reset by email first (it never turns 2FA off). */
  resetPassword: boolean;
  /** null: the owner cannot get back in (a request without a verified device is filed but cannot be approved). */
  way: WayBack | null;
}

/** Every combination of losses, none lost first. */
export function everyLossCombination(): Lost[] {
  return everyCombination(FACTORS);
}

export function ownerOutcome(lost: Lost): OwnerOutcome {
  return { resetPassword: lost.password, way: WAYS_BACK.find((way) => way.needs.every((factor) => !lost[factor])) ?? null };
}

export function describeOwnerOutcome(outcome: OwnerOutcome): string {
  if (outcome.way === null) return 'Cannot get back in: support cannot approve a request without a verified device';
  const how = outcome.way.waits ? outcome.way.words : `Sign in with ${outcome.way.words}`;
  return outcome.resetPassword ? `Reset the password by email, then: ${how}` : how;
}
