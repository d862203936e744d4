/**
 * The security-log catalogue: every event the account service records, named as GitHub names
 * them. The UI shows `describeSecurityEvent` text; the API and exports use the names.
 */
export const securityEventNames = [
  'user.create',
  'user.login',
  'user.logout',
  'user.sudo',
  'user.sudo_failure',
  'user.two_factor_limits_cleared',
  'user.password_reset',
  'user.change_password',
  'user.two_factor_recover',
  'user.two_factor_recovery_codes_downloaded',
  'user.two_factor_recovery_codes_printed',
  'user.two_factor_recovery_codes_viewed',
  'user.two_factor_challenge_success',
  'user.two_factor_challenge_failure',
  'two_factor_authentication.enabled',
  'two_factor_authentication.disabled',
  'two_factor_authentication.add_factor',
  'two_factor_authentication.remove_factor',
  'two_factor_authentication.recovery_codes_regenerated',
  'two_factor_authentication.update_fallback',
  'two_factor_authentication.sign_in_fallback_sms',
  'two_factor_authentication.update_totp',
  'account_recovery_token.confirm',
  'account_recovery_token.destroy',
  'account_recovery_token.recover',
  'account_recovery_token.recover_error',
  'two_factor_account_recovery.start',
  'two_factor_account_recovery.complete',
  'two_factor_account_recovery.abort',
  'two_factor_account_recovery.staff_approve',
  'two_factor_account_recovery.staff_decline',
  'two_factor_account_recovery.two_factor_destroy',
] as const;

export type SecurityEventName = (typeof securityEventNames)[number];

const descriptions: Record<SecurityEventName, string> = {
  'user.create': 'Account created',
  'user.login': 'Signed in',
  'user.logout': 'Signed out',
  'user.sudo': 'Confirmed access (sudo mode)',
  'user.sudo_failure': 'Failed to confirm access (sudo mode)',
  'user.two_factor_limits_cleared': 'Two-factor attempt limits cleared',
  'user.password_reset': 'Password reset',
  'user.change_password': 'Password changed',
  'user.two_factor_recover': 'Signed in with a recovery code',
  'user.two_factor_recovery_codes_downloaded': 'Recovery codes downloaded',
  'user.two_factor_recovery_codes_printed': 'Recovery codes printed',
  'user.two_factor_recovery_codes_viewed': 'Recovery codes viewed',
  'user.two_factor_challenge_success': 'Two-factor challenge passed',
  'user.two_factor_challenge_failure': 'Two-factor challenge failed',
  'two_factor_authentication.enabled': 'Two-factor authentication enabled',
  'two_factor_authentication.disabled': 'Two-factor authentication disabled',
  'two_factor_authentication.add_factor': 'Security key added',
  'two_factor_authentication.remove_factor': 'Security key removed',
  'two_factor_authentication.recovery_codes_regenerated': 'Recovery codes regenerated',
  'two_factor_authentication.update_fallback': 'Fallback SMS number changed',
  'two_factor_authentication.sign_in_fallback_sms': 'Signed in with a fallback SMS code',
  'two_factor_authentication.update_totp': 'Authenticator app replaced',
  'account_recovery_token.confirm': 'Recovery token stored with a partner',
  'account_recovery_token.destroy': 'Recovery token deleted',
  'account_recovery_token.recover': 'Recovery token used to recover the account',
  'account_recovery_token.recover_error': 'Recovery with a token failed',
  'two_factor_account_recovery.start': 'Account recovery started',
  'two_factor_account_recovery.complete': 'Account recovery completed',
  'two_factor_account_recovery.abort': 'Account recovery cancelled',
  'two_factor_account_recovery.staff_approve': 'Account recovery approved by support',
  'two_factor_account_recovery.staff_decline': 'Account recovery declined by support',
  'two_factor_account_recovery.two_factor_destroy': 'Two-factor authentication removed by account recovery',
};

export function describeSecurityEvent(name: string): string {
  return (descriptions as Record<string, string>)[name] ?? name;
}
