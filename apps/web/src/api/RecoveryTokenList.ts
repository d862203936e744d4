import type { recoveryTokenList } from '@recovery/core/api/index';

/** The answer of GET /api/recovery-tokens; core exports the schema but not its type. */
export type RecoveryTokenList = ReturnType<(typeof recoveryTokenList)['parse']>;
export type RecoveryTokenView = RecoveryTokenList['tokens'][number];
/** The partner as its configuration document presents it: origin, name and icon. */
export type PublishedPartner = NonNullable<RecoveryTokenList['partner']>;
/** The configured recovery partner: its origin and display name. */
export type RecoveryPartner = Pick<PublishedPartner, 'url' | 'name'>;
