import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateP256KeyPair, privateKeyToPem, publicKeyToBase64Spki } from '@recovery/core/token/index';
import { signUp } from '@recovery/partner/auth/signUp';
import { countersignSavedToken } from '@recovery/partner/tokens/countersignRecoveryToken';
import { IssuerConfigurationFetcher } from '@recovery/partner/tokens/issuerConfiguration';
import { saveRecoveryToken } from '@recovery/partner/tokens/saveRecoveryToken';
import { createTestApp } from '@recovery/partner/testing/testApp';
import type { TestApp } from '@recovery/partner/testing/testApp';
import { loadFacebookSdk, sdkConfigurationFetch } from './facebookSdk.ts';
import type { FacebookSdk } from './facebookSdk.ts';
import { recordJourney, syncJourneyTable } from './journeys.ts';

// Facebook's reference SDK (sdk/js-src, as published) as an account provider of our partner, in
// process: its RecoveryToken makes the tokens, its middleware publishes the configuration our
// partner fetches, and its CountersignedToken.fromSerialized verifies what our partner returns.
// The SDK's origin check wants https://host.tld, so both origins are *.test names.
const fbOrigin = 'https://fb-example.test';
const partnerOrigin = 'https://partner.test';

describe("Facebook's reference SDK and our partner", () => {
  let sdk: FacebookSdk;
  let t: TestApp;
  let privateKey: string;
  let userId: string;

  beforeAll(async () => {
    sdk = loadFacebookSdk();
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    // As the example app's RECOVERY_PRIVATE_KEY / RECOVERY_PUBLIC_KEY: base64 DER, no PEM wrapping.
    privateKey = keys.privateKey.export({ format: 'der', type: 'sec1' }).toString('base64');
    const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const fetch = sdkConfigurationFetch(sdk, {
      issuer: new URL(fbOrigin).host,
      'save-token-return': '/save-token-return',
      'recover-account-return': '/recover-account-return',
      'privacy-policy': '/privacy',
      'icon-152px': '/icon.png',
      publicKeys: [publicKey],
      'config-max-age': 6000,
    });
    // A partner on a non-loopback https origin runs in production mode, with its keys given.
    const production = {
      NODE_ENV: 'production',
      ACCOUNT_URL: 'https://accounts.test',
      ACCOUNT_CLIENT_SECRET: randomBytes(32).toString('hex'),
      COUNTERSIGN_PRIVATE_KEYS: privateKeyToPem(generateP256KeyPair().privateKey),
      OIDC_JWKS: JSON.stringify({ keys: [generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' })] }),
    };
    t = await createTestApp('sqlite', { ...production, PUBLIC_URL: partnerOrigin, ALLOWED_TOKEN_ISSUERS: fbOrigin }, { issuerConfigurations: new IssuerConfigurationFetcher({ fetch }) });
    userId = (await signUp(t.ctx, { username: 'zuck', email: 'zuck@example.com', password: 'a long enough password' })).id;
  });
  afterAll(async () => {
    const table = syncJourneyTable('facebook-sdk');
    expect(table.actual, 'README.md interop table (rewrite with UPDATE_INTEROP_TABLE=1)').toBe(table.expected);
    await t?.close();
  });

  /** A token as the example app's createNewToken makes one (status requested, empty data). */
  const sdkToken = (overrides: { audience?: string; binding?: Buffer } = {}) => {
    const id = randomBytes(16);
    t.clock.now = new Date();
    const token = new sdk.RecoveryToken(privateKey, id, sdk.RecoveryToken.STATUS_REQUESTED_FLAG, fbOrigin, overrides.audience ?? partnerOrigin, new Date().toISOString(), Buffer.alloc(0), overrides.binding ?? Buffer.alloc(0));
    return { id: id.toString('hex'), encoded: token.encoded };
  };

  it("saves the SDK's token (configuration and key from the SDK's middleware) and the SDK verifies our countersigned token", async () => {
    const token = sdkToken();
    expect(await saveRecoveryToken(t.ctx, userId, token.encoded)).toEqual({ id: token.id });
    const countersigned = await countersignSavedToken(t.ctx, userId, token.id, false);
    const keys = t.config.countersignKeys.map((key) => publicKeyToBase64Spki(key));
    const verified = sdk.CountersignedToken.fromSerialized(Buffer.from(countersigned.countersignedToken, 'base64'), partnerOrigin, fbOrigin, 300, Buffer.alloc(0), keys);
    expect(verified.data.toString('base64')).toBe(token.encoded);
    // The SDK refuses it for a binding it expected, and for a key that is not ours.
    expect(() => sdk.CountersignedToken.fromSerialized(Buffer.from(countersigned.countersignedToken, 'base64'), partnerOrigin, fbOrigin, 300, Buffer.from('bound'), keys)).toThrow('incorrect token binding');
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(() => sdk.CountersignedToken.fromSerialized(Buffer.from(countersigned.countersignedToken, 'base64'), partnerOrigin, fbOrigin, 300, Buffer.alloc(0), [otherKey])).toThrow('invalid countersigned token signature');
    await recordJourney({ peer: 'Facebook SDK (js-src), in process', role: 'account provider → our partner', journey: 'configuration (its middleware), save, countersign, countersigned token verified by the SDK', result: 'passes' });
  });

  it("refuses the SDK's token with a binding, tampered, or addressed to another recovery provider; saves nothing", async () => {
    const before = await t.db.savedRecoveryToken.count();
    await expect(saveRecoveryToken(t.ctx, userId, sdkToken({ binding: Buffer.from('binding from elsewhere') }).encoded)).rejects.toMatchObject({ code: 'token_rejected', message: 'The token carries a token binding this partner never issued' });
    const tampered = Buffer.from(sdkToken().encoded, 'base64');
    tampered[tampered.length - 4] = (tampered[tampered.length - 4] ?? 0) ^ 0x01;
    await expect(saveRecoveryToken(t.ctx, userId, tampered.toString('base64'))).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(saveRecoveryToken(t.ctx, userId, sdkToken({ audience: 'https://recovery.elsewhere.test' }).encoded)).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await t.db.savedRecoveryToken.count()).toBe(before);
    await recordJourney({ peer: 'Facebook SDK (js-src), in process', role: 'account provider → our partner', journey: 'refusals: token binding, tampered token, wrong audience', result: 'refused, nothing saved' });
  });
});
