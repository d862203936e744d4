import type { KeyObject } from 'node:crypto';
import { TOKEN_VERSION, TokenType, formatIssuedTime, generateP256KeyPair, newTokenId, publicKeyToBase64Spki, signToken } from '@recovery/core/token/index';
import type { TokenFields } from '@recovery/core/token/index';
import { listenOnLoopback } from './listen.ts';

/** The name the stub publishes in its configuration (`display-name`). */
export const FAKE_ACCOUNT_SERVICE_NAME = 'Example Accounts';

/** How the stub answers for its delegated-recovery configuration. */
export type ConfigurationBehaviour = 'publish' | 'wrong-issuer' | 'redirect' | 'not-found';

export interface FakeAccountService {
  origin: string;
  /** The key its configuration publishes in tokensign-pubkeys-secp256r1. */
  privateKey: KeyObject;
  /** How many times its configuration was fetched. */
  configurationFetches: number;
  /** A recovery token signed by this service (or by `signWith`), for `audience`. */
  recoveryToken(audience: string, overrides?: Partial<TokenFields>, signWith?: KeyObject): string;
  close(): Promise<void>;
}

/**
 * A stand-in for the account service: a real HTTP server on 127.0.0.1 publishing
 * `/.well-known/delegated-account-recovery/configuration`, and a signer of recovery tokens.
 */
export async function startFakeAccountService(behaviour: ConfigurationBehaviour = 'publish'): Promise<FakeAccountService> {
  const { privateKey } = generateP256KeyPair();
  const server = await listenOnLoopback();
  const service: FakeAccountService = {
    origin: server.origin,
    privateKey,
    configurationFetches: 0,
    recoveryToken(audience, overrides = {}, signWith = privateKey) {
      const fields: TokenFields = {
        version: TOKEN_VERSION,
        type: TokenType.Recovery,
        tokenId: newTokenId(),
        options: 0,
        issuer: server.origin,
        audience,
        issuedTime: formatIssuedTime(new Date()),
        data: new Uint8Array(48).fill(7),
        binding: new Uint8Array(0),
        ...overrides,
      };
      return signToken(fields, signWith);
    },
    close: () => server.close(),
  };
  server.setHandler((req, res) => {
    if (req.url !== '/.well-known/delegated-account-recovery/configuration') {
      res.writeHead(404).end();
      return;
    }
    service.configurationFetches++;
    if (behaviour === 'redirect') {
      res.writeHead(302, { Location: `${server.origin}/elsewhere` }).end();
      return;
    }
    if (behaviour === 'not-found') {
      res.writeHead(404).end();
      return;
    }
    const issuer = behaviour === 'wrong-issuer' ? 'https://impostor.example' : server.origin;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        issuer,
        'tokensign-pubkeys-secp256r1': [publicKeyToBase64Spki(privateKey)],
        'privacy-policy': `${server.origin}/privacy`,
        'display-name': FAKE_ACCOUNT_SERVICE_NAME,
      }),
    );
  });
  return service;
}
