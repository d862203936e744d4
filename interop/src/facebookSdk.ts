import { createRequire } from 'node:module';
import path from 'node:path';
import { referencePeersDir } from './referencePeers.ts';

/** The parts of Facebook's reference SDK (sdk/js-src/index.js, CommonJS, as published) the suite uses. */
export interface FacebookSdk {
  RecoveryToken: {
    new (privateKey: string, id: Buffer, options: number, issuer: string, audience: string, issuedTime: string, data: Buffer, binding: Buffer): { encoded: string };
    readonly STATUS_REQUESTED_FLAG: number;
  };
  CountersignedToken: {
    fromSerialized(serialized: Buffer, issuer: string, audience: string, allowedClockSkew: number, binding: Buffer, publicKeys: string[]): { id: Buffer; data: Buffer; issuer: string; audience: string };
  };
  middleware(options: Record<string, unknown>): (req: unknown, res: unknown, next: () => void) => void;
  CONFIG_PATH: string;
}

export function loadFacebookSdk(): FacebookSdk {
  return createRequire(import.meta.url)(path.join(referencePeersDir(), 'facebook-reference', 'sdk', 'js-src', 'index.js')) as FacebookSdk;
}

/**
 * A fetch that answers the SDK's configuration path the way its Express middleware does (the
 * middleware itself runs, with a request for `host`), so the partner's own configuration fetcher
 * reads the document the SDK publishes. Any other URL is a 404.
 */
export function sdkConfigurationFetch(sdk: FacebookSdk, options: Record<string, unknown>): typeof globalThis.fetch {
  const handle = sdk.middleware(options);
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return new Promise<Response>((resolve) => {
      const headers = new Headers({ 'Content-Type': 'application/json' });
      const res = {
        set: (name: string, value: string) => headers.set(name, value),
        json: (body: unknown) => resolve(new Response(JSON.stringify(body), { status: 200, headers })),
      };
      handle({ path: url.pathname, headers: { host: url.host } }, res, () => resolve(new Response('not found', { status: 404 })));
    });
  };
}
