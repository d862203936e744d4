/**
 * Security-log events that change the ways of passing 2FA: each starts a new 28-day check-up.
 * (A passkey branch adds its add/remove events here: one line each.)
 */
export const METHOD_CHANGES = [
  'two_factor_authentication.enabled',
  'two_factor_authentication.update_totp',
  'two_factor_authentication.add_factor',
  'two_factor_authentication.remove_factor',
  'two_factor_authentication.update_fallback',
  'two_factor_authentication.recovery_codes_regenerated',
];

/** A second factor that worked: a sign-in's second step, or the check-up's own prompt. */
export const SECOND_FACTOR_SUCCESSES = ['user.two_factor_challenge_success'];

export const CHECKUP_PERIOD_MS = 28 * 24 * 3_600_000;
