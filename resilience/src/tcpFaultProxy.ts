import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';

export type TcpFault = 'none' | 'cut' | 'stall';

interface Link {
  sockets: [Socket, Socket];
  held: Array<{ to: Socket; chunk: Buffer }>;
}

export interface TcpFaultProxy {
  port: number;
  /**
   * `cut`: every open connection is reset and new ones are closed at once (a database that went
   * away). `stall`: connections stay open and new ones are accepted, but nothing passes either
   * way (a wedged server or a broken network path). `none`: traffic flows again; what a stall
   * held back is delivered.
   */
  set(fault: TcpFault): void;
  close(): Promise<void>;
}

/** A TCP forwarder on loopback in front of a database server, to cut or stall it on demand. */
export async function startTcpFaultProxy(upstreamHost: string, upstreamPort: number): Promise<TcpFaultProxy> {
  let fault: TcpFault = 'none';
  const links = new Set<Link>();
  const server = createServer((client) => {
    client.on('error', () => undefined);
    if (fault === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(upstreamPort, upstreamHost);
    upstream.on('error', () => undefined);
    const link: Link = { sockets: [client, upstream], held: [] };
    links.add(link);
    const forget = (): void => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget);
    upstream.on('close', forget);
    // Chunks are held, not dropped, during a stall: when it ends they arrive late, as they would.
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (fault === 'stall') link.held.push({ to, chunk });
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    set(next) {
      fault = next;
      for (const link of links) {
        if (next === 'cut') for (const socket of link.sockets) socket.resetAndDestroy();
        if (next === 'none') for (const { to, chunk } of link.held.splice(0)) to.write(chunk);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const link of links) for (const socket of link.sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
