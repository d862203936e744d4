import type { Provider } from '@recovery/db';
import { startFakeAccountService } from './fakeAccountService.ts';
import type { ConfigurationBehaviour, FakeAccountService } from './fakeAccountService.ts';
import { discoverPartner } from './oidcFlow.ts';
import type { RelyingParty } from './oidcFlow.ts';
import { createServedTestApp } from './servedTestApp.ts';
import type { ServedTestApp } from './servedTestApp.ts';

export interface RecoveryEnvironment {
  t: ServedTestApp;
  /** The account service (ACCOUNT_URL), publishing its configuration properly. */
  ap: FakeAccountService;
  /** Further allow-listed issuers whose configurations misbehave in the named way. */
  misbehaving: Record<Exclude<ConfigurationBehaviour, 'publish'>, FakeAccountService>;
  rp: RelyingParty;
  close(): Promise<void>;
}

/**
 * A served partner, the account service it serves (a stub on its own port) and allow-listed
 * issuers with broken configurations, plus openid-client discovered against the partner.
 */
export async function startRecoveryEnvironment(provider: Provider, env: Record<string, string> = {}): Promise<RecoveryEnvironment> {
  const ap = await startFakeAccountService('publish');
  const misbehaving = {
    'wrong-issuer': await startFakeAccountService('wrong-issuer'),
    redirect: await startFakeAccountService('redirect'),
    'not-found': await startFakeAccountService('not-found'),
  };
  const issuers = [ap, ...Object.values(misbehaving)].map((service) => service.origin).join(',');
  const t = await createServedTestApp(provider, { ACCOUNT_URL: ap.origin, ALLOWED_TOKEN_ISSUERS: issuers, ...env });
  const rp = await discoverPartner(t);
  return {
    t,
    ap,
    misbehaving,
    rp,
    async close() {
      await t.close();
      await Promise.all([ap, ...Object.values(misbehaving)].map((service) => service.close()));
    },
  };
}
