import http from 'node:http';
import type { RequestListener } from 'node:http';

export interface Listening {
  origin: string;
  /** Replaces what answers requests (e.g. a new app instance), keeping the address. */
  setHandler(handler: RequestListener): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port. */
export async function listenOnLoopback(handler: RequestListener = (_req, res) => res.writeHead(503).end()): Promise<Listening> {
  let current = handler;
  const server = http.createServer((req, res) => current(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    setHandler(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
