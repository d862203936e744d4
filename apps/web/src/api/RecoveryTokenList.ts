import type { recoveryTokenList } from '@recovery/core/api/index';

/** The answer of GET /api/recovery-tokens; core exports the schema but not its type. */
export type RecoveryTokenList = ReturnType<(typeof recoveryTokenList)['parse']>;
export type RecoveryTokenView = RecoveryTokenList['tokens'][number];
/** The configured recovery partner: its origin and display name. */
export type RecoveryPartner = NonNullable<RecoveryTokenList['partner']>;
