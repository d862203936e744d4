import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from './configError.ts';
import { listen } from './listen.ts';

const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  delete process.env.PORT_VARIABLE;
});

async function holdPort(): Promise<number> {
  const server = createServer();
  held.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('listen', () => {
  it('resolves with a bound server on a free port', async () => {
    const server = await listen((_req, res) => res.end('ok'), 0, '127.0.0.1');
    held.push(server);
    const { port } = server.address() as { port: number };
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
  });

  it('rejects a taken port with one line naming the port and PORT', async () => {
    const port = await holdPort();
    const failure = listen((_req, res) => res.end(), port, '127.0.0.1');
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(`port ${port} is already in use; set PORT to another port`);
  });

  it('names the variable of the script that started it (PORT_VARIABLE)', async () => {
    const port = await holdPort();
    process.env.PORT_VARIABLE = 'ACCOUNT_PORT';
    await expect(listen((_req, res) => res.end(), port, '127.0.0.1')).rejects.toThrow(`port ${port} is already in use; set ACCOUNT_PORT (or PORT) to another port`);
  });
});
