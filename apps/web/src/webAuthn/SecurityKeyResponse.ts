import type { TwoFactorSignInRequest } from '@recovery/core/api/index';

/** A signed WebAuthn assertion in the shape the account service's schemas accept. */
export type SecurityKeyAssertion = Extract<TwoFactorSignInRequest, { method: 'webauthn' }>['response'];
