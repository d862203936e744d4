import type { Provider } from '@recovery/db';
import { listenOnLoopback } from '@recovery/partner/testing/listen';
import { createTestApp } from './testApp.ts';
import type { TestApp } from './testApp.ts';

export interface ServedTestApp extends TestApp {
  /** Its public origin, served on 127.0.0.1. */
  origin: string;
}

/**
 * A test account service listening on a real loopback port with PUBLIC_URL = that origin and the
 * real clock, for exchanges with another live service (which checks token ages on its own clock).
 */
export async function createServedTestApp(provider: Provider, env: Record<string, string> = {}): Promise<ServedTestApp> {
  const server = await listenOnLoopback();
  const t = await createTestApp(provider, { PUBLIC_URL: server.origin, ...env }, { realClock: true });
  server.setHandler(t.app);
  return {
    ...t,
    origin: server.origin,
    async close() {
      await server.close();
      await t.close();
    },
  };
}
