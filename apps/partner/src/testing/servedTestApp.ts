import type { Provider } from '@recovery/db';
import type { PartnerApp, PartnerDependencies } from '../createApp.ts';
import { listenOnLoopback } from './listen.ts';
import { createTestApp } from './testApp.ts';
import type { TestApp } from './testApp.ts';

export interface ServedTestApp extends TestApp {
  /** The partner's public origin (its OpenID issuer), served on 127.0.0.1. */
  origin: string;
  /** Serves a fresh instance of the app at the same origin, on the same database and keys. */
  restart(): PartnerApp;
}

/**
 * A test partner listening on a real loopback port, with PUBLIC_URL = that origin, so
 * openid-client can discover it and fetch its keys like any relying party.
 */
export async function createServedTestApp(provider: Provider, env: Record<string, string> = {}, deps: Partial<PartnerDependencies> = {}): Promise<ServedTestApp> {
  const server = await listenOnLoopback();
  const t = await createTestApp(provider, { PUBLIC_URL: server.origin, ...env }, deps);
  server.setHandler(t.app);
  return {
    ...t,
    origin: server.origin,
    restart() {
      const next = t.newInstance();
      server.setHandler(next.app);
      return next;
    },
    async close() {
      await server.close();
      await t.close();
    },
  };
}
