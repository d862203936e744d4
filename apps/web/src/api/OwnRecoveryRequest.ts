import type { ownRecoveryRequest } from '@recovery/core/api/index';

/** What the account owner sees of one of their account recovery requests. */
export type OwnRecoveryRequest = ReturnType<(typeof ownRecoveryRequest)['parse']>;
