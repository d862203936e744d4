import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { countersignToken, generateP256KeyPair, publicKeyToBase64Spki } from '@recovery/core/token/index';

/**
 * A stand-in recovery provider on loopback: real HTTP, real P-256 countersignatures. It
 * publishes a delegated-recovery configuration and answers the recover endpoint with whatever
 * countersigned token the test chose, so the account service's checks run against real bytes.
 */
export class FakePartner {
  readonly key = generateP256KeyPair();
  server!: Server;
  url = '';
  /** What the recover endpoint returns next. */
  nextCountersigned = '';
  /** Published keys (defaults to this partner's own). */
  published: KeyObject[] = [this.key.publicKey];

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      if (req.url === '/.well-known/delegated-account-recovery/configuration') {
        res.setHeader('Content-Type', 'application/json');
        res.end(
          JSON.stringify({
            issuer: this.url,
            'countersign-pubkeys-secp256r1': this.published.map((k) => publicKeyToBase64Spki(k)),
            'token-max-size': 8192,
            'oauth-save-token-api': `${this.url}/api/recovery-tokens`,
            'oauth-countersign-api': `${this.url}/api/recovery-tokens/countersign`,
          }),
        );
        return;
      }
      if (req.url === '/api/recovery-tokens/countersign' && req.method === 'POST') {
        req.resume();
        req.on('end', () => {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ countersignedToken: this.nextCountersigned }));
        });
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Countersigns `innerToken` as the real partner would (or with another key / time / audience). */
  countersign(innerToken: string, accountOrigin: string, options: { key?: KeyObject; issuedTime?: Date; audience?: string; issuer?: string } = {}): string {
    return countersignToken(
      { innerToken, issuer: options.issuer ?? this.url, audience: options.audience ?? accountOrigin, ...(options.issuedTime ? { issuedTime: options.issuedTime } : {}) },
      options.key ?? this.key.privateKey,
    );
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
