/** Lets the account service store one recovery token for the signed-in partner user. */
export const SAVE_SCOPE = 'recovery_token.save';
/** Lets the account service have the token the user picks countersigned. */
export const RECOVER_SCOPE = 'recovery_token.recover';

export const SUPPORTED_SCOPES = ['openid', SAVE_SCOPE, RECOVER_SCOPE] as const;

/** What an authorization request is for, from its scopes; exactly one purpose per request. */
export type AuthorizationPurpose = 'save' | 'recover';

export function purposeOfScopes(scope: unknown): AuthorizationPurpose | 'none' | 'both' {
  const scopes = new Set(typeof scope === 'string' ? scope.split(' ') : []);
  const save = scopes.has(SAVE_SCOPE);
  const recover = scopes.has(RECOVER_SCOPE);
  if (save && recover) return 'both';
  if (save) return 'save';
  if (recover) return 'recover';
  return 'none';
}
