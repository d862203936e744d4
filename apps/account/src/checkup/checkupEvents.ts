/**
 * Security-log events that change the ways of passing 2FA: each starts a new 28-day check-up.
 */
export const METHOD_CHANGES = [
  'two_factor_authentication.enabled',
  'two_factor_authentication.update_totp',
  'two_factor_authentication.add_factor',
  'two_factor_authentication.remove_factor',
  'two_factor_authentication.update_fallback',
  'two_factor_authentication.recovery_codes_regenerated',
  'passkey.register',
  'passkey.upgrade',
  'passkey.remove',
];

/**
 * A second factor that worked: a sign-in's second step, the check-up's own prompt, or a passkey
 * sign-in (which satisfies the second factor by itself).
 */
export const SECOND_FACTOR_SUCCESSES = ['user.two_factor_challenge_success', 'passkey.sign_in'];

export const CHECKUP_PERIOD_MS = 28 * 24 * 3_600_000;
