import http from 'node:http';
import type { Socket } from 'node:net';

export interface FaultProxy {
  origin: string;
  /**
   * The next request matching `method` and `path` is forwarded and handled upstream; then, before
   * its answer is relayed, `meanwhile` runs (e.g. kills the upstream) and the client's connection
   * is cut. The client never learns whether the request took effect.
   */
  loseNextAnswer(method: string, path: string, meanwhile: () => Promise<unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * A plain HTTP forwarder on loopback in front of a service, so a test can lose one answer at an
 * exact point of a protocol. Everything else passes through unchanged; when the upstream is down
 * the client's connection is cut, as if the service itself were unreachable.
 */
export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  let fault: { method: string; path: string; meanwhile: () => Promise<unknown>; done: () => void } | undefined;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const path = (req.url ?? '').split('?')[0];
      if (fault && fault.method === req.method && fault.path === path) {
        const taken = fault;
        fault = undefined;
        answer.resume();
        void taken.meanwhile().finally(() => {
          req.socket.destroy();
          taken.done();
        });
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    loseNextAnswer(method, path, meanwhile) {
      return new Promise<void>((resolve) => {
        fault = { method, path, meanwhile, done: resolve };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
