/** The draft's browser endpoints at the account service (published in its configuration). */
export const SAVE_TOKEN_RETURN_PATH = '/delegated-recovery/save-token-return';
export const RECOVER_ACCOUNT_RETURN_PATH = '/delegated-recovery/recover-account-return';
/** Ours: the page that form-POSTs a fresh token to the partner's `save-token`. */
export const SEND_TOKEN_PATH = '/delegated-recovery/send-token';
/**
 * Ours: where a countersigned token posted to recover-account-return continues as a same-site
 * GET, which carries the pending sign-in's cookie (a cross-site POST carries none).
 */
export const CONTINUE_RECOVERY_PATH = '/api/auth/recover/delegated';
