import type { FetchPartnerConfiguration } from './partnerConfiguration.ts';
import type { PartnerOAuthConfiguration } from './partnerOAuth.ts';

/** How the account service reaches its recovery partner; replaceable where tests need to. */
export interface RecoveryDependencies {
  oauth: PartnerOAuthConfiguration;
  fetchPartner: FetchPartnerConfiguration;
}
