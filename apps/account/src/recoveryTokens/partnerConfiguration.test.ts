import { afterEach, describe, expect, it } from 'vitest';
import { generateP256KeyPair, publicKeyToBase64Spki } from '@recovery/core/token/index';
import { listenOnLoopback } from '@recovery/partner/testing/listen';
import type { Listening } from '@recovery/partner/testing/listen';
import { partnerConfigurationFetcher } from './partnerConfiguration.ts';

const spki = publicKeyToBase64Spki(generateP256KeyPair().publicKey);

describe('partnerConfigurationFetcher', () => {
  const servers: Listening[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function publishing(body: (origin: string) => object): Promise<string> {
    const server = await listenOnLoopback();
    servers.push(server);
    server.setHandler((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body(server.origin))));
    return server.origin;
  }

  it('compares the published issuer with the partner origin after normalising both', async () => {
    const origin = await publishing((o) => ({ issuer: `${o.replace('http://', 'HTTP://')}/`, 'countersign-pubkeys-secp256r1': [spki] }));
    expect((await partnerConfigurationFetcher()(origin)).issuer).toBe(origin);
    const impostor = await publishing(() => ({ issuer: 'http://127.0.0.1:1', 'countersign-pubkeys-secp256r1': [spki] }));
    await expect(partnerConfigurationFetcher()(impostor)).rejects.toThrow(/names another issuer/);
  });

  it('reads the draft endpoints and our own OAuth fields apart, and refuses endpoints with a query or fragment', async () => {
    const origin = await publishing((o) => ({
      issuer: o,
      'countersign-pubkeys-secp256r1': [spki],
      'save-token': `${o}/delegated-recovery/save-token`,
      'recover-account': `${o}/delegated-recovery/recover-account`,
      'oauth-save-token-api': `${o}/api/recovery-tokens`,
      'oauth-countersign-api': `${o}/api/recovery-tokens/countersign`,
    }));
    const configuration = await partnerConfigurationFetcher()(origin);
    expect(configuration).toMatchObject({
      saveToken: `${origin}/delegated-recovery/save-token`,
      recoverAccount: `${origin}/delegated-recovery/recover-account`,
      oauthSaveTokenApi: `${origin}/api/recovery-tokens`,
      oauthCountersignApi: `${origin}/api/recovery-tokens/countersign`,
    });
    for (const bad of ['/save', 'https://p.example/save?x=1', 'https://p.example/save#x', 'ftp://p.example/save']) {
      const withBad = await publishing((o) => ({ issuer: o, 'countersign-pubkeys-secp256r1': [spki], 'save-token': bad }));
      await expect(partnerConfigurationFetcher()(withBad)).rejects.toThrow(/endpoint/);
    }
  });
});
