import type { RequestListener } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@recovery/core/errors';
import { generateP256KeyPair, publicKeyToBase64Spki } from '@recovery/core/token/index';
import { listenOnLoopback } from '../testing/listen.ts';
import type { Listening } from '../testing/listen.ts';
import { IssuerConfigurationFetcher, issuerRetryAfterSeconds } from './issuerConfiguration.ts';

const key = generateP256KeyPair().privateKey;
const spki = publicKeyToBase64Spki(key);

describe('IssuerConfigurationFetcher', () => {
  const servers: Listening[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  /** A real server answering the configuration path with `answer(origin)`. */
  async function issuer(answer: (origin: string) => RequestListener): Promise<{ origin: string; hits: () => number }> {
    const server = await listenOnLoopback();
    servers.push(server);
    let hits = 0;
    const handler = answer(server.origin);
    server.setHandler((req, res) => {
      hits++;
      if (req.url !== '/.well-known/delegated-account-recovery/configuration') res.writeHead(404).end();
      else handler(req, res);
    });
    return { origin: server.origin, hits: () => hits };
  }
  const json = (body: unknown, status = 200): RequestListener => (_req, res) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  const failure = async (promise: Promise<unknown>): Promise<AppError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it('reads the issuer and its token-signing keys, and caches them briefly', async () => {
    let clock = 1_000_000;
    const server = await issuer((origin) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': [spki, publicKeyToBase64Spki(generateP256KeyPair().publicKey)] }));
    const fetcher = new IssuerConfigurationFetcher({ cacheMs: 60_000, now: () => clock });
    const configuration = await fetcher.get(server.origin);
    expect(configuration.issuer).toBe(server.origin);
    expect(configuration.tokenSignKeys.map((k) => publicKeyToBase64Spki(k))[0]).toBe(spki);
    expect(configuration.tokenSignKeys).toHaveLength(2);
    await fetcher.get(server.origin);
    expect(server.hits()).toBe(1);
    clock += 60_001;
    await fetcher.get(server.origin);
    expect(server.hits()).toBe(2);
  });

  it('does not follow a redirect, even to a good configuration', async () => {
    const good = await issuer((origin) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': [spki] }));
    for (const status of [301, 302, 307, 308]) {
      const server = await issuer(() => (_req, res) => res.writeHead(status, { Location: `${good.origin}/.well-known/delegated-account-recovery/configuration` }).end());
      const error = await failure(new IssuerConfigurationFetcher().get(server.origin));
      expect(error.code).toBe('token_rejected');
      expect(error.message).toContain('redirect');
    }
    expect(good.hits()).toBe(0);
  });

  it.each([
    ['names another issuer', () => json({ issuer: 'https://impostor.example', 'tokensign-pubkeys-secp256r1': [spki] }), /names another issuer/],
    ['has no keys', (origin: string) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': [] }), /lacks/],
    ['has three keys', (origin: string) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': [spki, spki, spki] }), /lacks/],
    ['has a key that is not P-256', (origin: string) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': ['AAAA'] }), /not a P-256/],
    ['is not JSON', (): RequestListener => (_req, res) => res.writeHead(200).end('<html>'), /not valid JSON/],
    ['is missing', (): RequestListener => (_req, res) => res.writeHead(404).end(), /not found/],
    ['is too large', (origin: string) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': [spki], padding: 'x'.repeat(70_000) }), /too large/],
  ])('refuses a configuration that %s (token_rejected), and caches no failure', async (_name, answer, message) => {
    const server = await issuer(answer);
    const fetcher = new IssuerConfigurationFetcher();
    const error = await failure(fetcher.get(server.origin));
    expect(error.code).toBe('token_rejected');
    expect(error.message).toMatch(message);
    await failure(fetcher.get(server.origin));
    expect(server.hits()).toBe(2);
  });

  it('reports an issuer that fails, hangs or is unreachable as unavailable (503)', async () => {
    // An expected condition: each carries Retry-After (and so is logged as a warning, no stack).
    const unavailable = { code: 'unavailable', retryAfter: issuerRetryAfterSeconds };
    const broken = await issuer(() => (_req, res) => res.writeHead(502).end());
    expect(await failure(new IssuerConfigurationFetcher().get(broken.origin))).toMatchObject(unavailable);
    const hanging = await issuer(() => () => undefined);
    // The server never answers: only the fetcher's own timeout can end this call.
    expect(await failure(new IssuerConfigurationFetcher({ timeoutMs: 200 }).get(hanging.origin))).toMatchObject(unavailable);
    const gone = await listenOnLoopback();
    await gone.close();
    expect(await failure(new IssuerConfigurationFetcher().get(gone.origin))).toMatchObject(unavailable);
  });

  it('compares the published issuer with the origin asked for after normalising both', async () => {
    const server = await issuer((origin) => json({ issuer: `${origin.replace('http://', 'HTTP://').replace('localhost', 'LocalHost')}/`, 'tokensign-pubkeys-secp256r1': [spki] }));
    const configuration = await new IssuerConfigurationFetcher().get(server.origin);
    expect(configuration.issuer).toBe(server.origin);
  });

  it('reads the draft return endpoints and refuses ones with a query, a fragment or another scheme', async () => {
    const good = await issuer((origin) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': [spki], 'save-token-return': `${origin}/back`, 'recover-account-return': 'https://elsewhere.example/recover' }));
    const configuration = await new IssuerConfigurationFetcher().get(good.origin);
    expect(configuration.saveTokenReturn).toBe(`${good.origin}/back`);
    expect(configuration.recoverAccountReturn).toBe('https://elsewhere.example/recover');
    for (const bad of ['/relative', 'javascript:alert(1)', 'https://a.example/back?x=1', 'https://a.example/back#f', 'https://u:p@a.example/back', 'ftp://a.example/back']) {
      const server = await issuer((origin) => json({ issuer: origin, 'tokensign-pubkeys-secp256r1': [spki], 'save-token-return': bad }));
      expect((await failure(new IssuerConfigurationFetcher().get(server.origin))).message).toMatch(/save-token-return/);
    }
  });

  it('keeps a configuration no longer than its Cache-Control allows', async () => {
    let clock = 1_000_000;
    let cacheControl = 'no-store';
    const server = await issuer((origin) => (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': cacheControl }).end(JSON.stringify({ issuer: origin, 'tokensign-pubkeys-secp256r1': [spki] })),
    );
    const fetcher = new IssuerConfigurationFetcher({ cacheMs: 60_000, now: () => clock });
    await fetcher.get(server.origin);
    await fetcher.get(server.origin);
    expect(server.hits()).toBe(2);
    cacheControl = 'public, max-age=10';
    await fetcher.get(server.origin);
    clock += 9_000;
    await fetcher.get(server.origin);
    expect(server.hits()).toBe(3);
    clock += 2_000;
    await fetcher.get(server.origin);
    expect(server.hits()).toBe(4);
  });
});
