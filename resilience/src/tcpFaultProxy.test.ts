import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpFaultProxy } from './tcpFaultProxy.ts';
import type { TcpFaultProxy } from './tcpFaultProxy.ts';

/** The harness itself: what the database-outage tests rely on the proxy to do. */
describe('the TCP fault proxy', () => {
  const echo = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  let proxy: TcpFaultProxy;
  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const address = echo.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    proxy = await startTcpFaultProxy('127.0.0.1', address.port);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  const open = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect(proxy.port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
  const next = (socket: Socket): Promise<string> => new Promise((resolve) => socket.once('data', (chunk) => resolve(String(chunk))));
  const closed = (socket: Socket): Promise<void> => new Promise((resolve) => socket.once('close', () => resolve()));

  it('forwards, holds everything during a stall and delivers it afterwards, in order', async () => {
    const socket = await open();
    socket.write('one');
    expect(await next(socket)).toBe('one');
    proxy.set('stall');
    let received = '';
    socket.on('data', (chunk) => (received += String(chunk)));
    socket.write('two');
    // The echo of a later write through a fresh link shows the stall holds the first one back.
    const probe = await open();
    probe.write('x');
    expect(received).toBe('');
    proxy.set('none');
    expect(await next(probe)).toBe('x');
    await new Promise<void>((resolve) => {
      const check = (): void => (received === 'two' ? resolve() : void socket.once('data', check));
      check();
    });
    socket.destroy();
    probe.destroy();
  });

  it('resets open connections and closes new ones during a cut', async () => {
    const socket = await open();
    const gone = closed(socket);
    proxy.set('cut');
    await gone;
    const refused = await open().catch(() => null);
    if (refused) await closed(refused);
    proxy.set('none');
    const again = await open();
    again.write('back');
    expect(await next(again)).toBe('back');
    again.destroy();
  });
});
