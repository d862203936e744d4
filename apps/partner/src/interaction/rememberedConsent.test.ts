import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCodeFlow, signedUpBrowser } from '../testing/oidcFlow.ts';
import { startRecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import type { RecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import { insertSavedToken, userIdOf } from '../testing/savedTokens.ts';
import { providersUnderTest } from '../testing/testApp.ts';
import { REMEMBERED_CONSENT_MS } from './rememberedConsent.ts';

const SAVE = 'openid recovery_token.save';
const RECOVER = 'openid recovery_token.recover';
/** The account service's handle for its user, sent with every save. */
const ME = { account_user: 'ap-user-1' };

describe.each(providersUnderTest)('a remembered "Save as …" on %s', (provider) => {
  let env: RecoveryEnvironment;
  beforeAll(async () => {
    env = await startRecoveryEnvironment(provider);
  });
  afterAll(async () => {
    await env?.close();
  });
  const flow = (browser: Parameters<typeof runCodeFlow>[2], options: Parameters<typeof runCodeFlow>[3]) => runCodeFlow(env.t, env.rp, browser, options);

  it('skips the confirmation for a repeat save by the same user within ten minutes, still granting only the save scope', async () => {
    const browser = await signedUpBrowser(env.t, 'repeat');
    const first = await flow(browser, { scope: SAVE, extra: ME, login: 'repeat' });
    expect(first.askedToConfirm).toBe(true);
    const second = await flow(browser, { scope: SAVE, extra: ME, login: 'repeat' });
    expect(second.askedToConfirm).toBe(false);
    expect(second.tokens.scope).toBe(SAVE);
    expect(second.sub).toBe(first.sub);
  });

  it('asks again once ten minutes have passed since the last press', async () => {
    const browser = await signedUpBrowser(env.t, 'later');
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'later' })).askedToConfirm).toBe(true);
    env.t.clock.advance(REMEMBERED_CONSENT_MS - 1_000);
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'later', keepClock: true })).askedToConfirm).toBe(false);
    // A skipped confirmation does not extend the ten minutes.
    env.t.clock.advance(2_000);
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'later', keepClock: true })).askedToConfirm).toBe(true);
  });

  it('is per user: another partner user in the same browser confirms for themselves', async () => {
    const browser = await signedUpBrowser(env.t, 'first-user');
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'first-user' })).askedToConfirm).toBe(true);
    const signOut = await browser.post('/sign-out');
    expect(signOut.status).toBe(303);
    expect((await browser.signUp('second-user')).status).toBe(303);
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'second-user' })).askedToConfirm).toBe(true);
  });

  it('is forgotten at sign-out', async () => {
    const browser = await signedUpBrowser(env.t, 'leaver');
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'leaver' })).askedToConfirm).toBe(true);
    await browser.post('/sign-out');
    const again = await flow(browser, { scope: SAVE, extra: ME, login: 'leaver' });
    expect(again.askedToSignIn).toBe(true);
    expect(again.askedToConfirm).toBe(true);
  });

  it('never skips for prompt=consent, nor the token choice of a recovery', async () => {
    const browser = await signedUpBrowser(env.t, 'careful');
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'careful' })).askedToConfirm).toBe(true);
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'careful', prompt: 'consent' })).askedToConfirm).toBe(true);
    await insertSavedToken(env.t.db, await userIdOf(env.t.db, 'careful'), env.ap, env.t.origin);
    expect((await flow(browser, { scope: RECOVER, login: 'careful' })).askedToConfirm).toBe(true);
  });

  it('is per user of the account service: a second one in the same browser is asked again, and nothing is remembered without a handle', async () => {
    const browser = await signedUpBrowser(env.t, 'shared-browser');
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'shared-browser' })).askedToConfirm).toBe(true);
    expect((await flow(browser, { scope: SAVE, extra: { account_user: 'ap-user-2' }, login: 'shared-browser' })).askedToConfirm).toBe(true);
    expect((await flow(browser, { scope: SAVE, extra: ME, login: 'shared-browser' })).askedToConfirm).toBe(false);
    const anonymous = await signedUpBrowser(env.t, 'no-handle');
    expect((await flow(anonymous, { scope: SAVE, login: 'no-handle' })).askedToConfirm).toBe(true);
    expect((await flow(anonymous, { scope: SAVE, login: 'no-handle' })).askedToConfirm).toBe(true);
  });
});
