import type { AccountConfig } from '@recovery/account/config';
import { issueRecoveryToken, newRecoveryTokenId } from '@recovery/account/recoveryTokens/issueRecoveryToken';
import type { PartnerDb } from '@recovery/db';
import type { LoadScenario } from './loadScenario.ts';

/**
 * The partner's token save: POST /api/recovery-tokens with a bearer access token (scope
 * recovery_token.save) and a new recovery token, signed by the account service's key a moment
 * before, with a fresh id, exactly as issueRecoveryToken makes them. The partner checks it
 * against the account service's published keys and stores it. Success = a saved token row.
 */
export function tokenSaveScenario(partnerDb: PartnerDb, partnerOrigin: string, accountConfig: AccountConfig, accessTokens: string[], userIds: string[]): LoadScenario {
  let next = 0;
  const issuer = { config: accountConfig, now: () => new Date() };
  return {
    id: 'token_save',
    label: 'partner: save token',
    url: partnerOrigin,
    requests: [
      {
        setupRequest: (request) => {
          const i = next++;
          const token = issueRecoveryToken(issuer, userIds[i % userIds.length]!, partnerOrigin, newRecoveryTokenId());
          request.method = 'POST';
          request.path = '/api/recovery-tokens';
          request.headers = { ...request.headers, 'content-type': 'application/json', authorization: `Bearer ${accessTokens[i % accessTokens.length]!}` };
          request.body = JSON.stringify({ token });
          return request;
        },
      },
    ],
    successes: () => partnerDb.savedRecoveryToken.count(),
    exhausted: () => false,
  };
}
