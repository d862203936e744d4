import type { Server } from 'node:http';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import { ConfigError } from './configError.ts';

/**
 * The variable an operator changes to move the service to another port: PORT, unless the
 * process was started by `npm start`, which names its own (ACCOUNT_PORT, PARTNER_PORT).
 */
function portSetting(setting: string): string {
  if (setting !== 'PORT') return setting;
  const started = process.env.PORT_VARIABLE;
  return started ? `${started} (or PORT)` : 'PORT';
}

/** A listen error as the one line an operator can act on. */
export function listenFailure(error: NodeJS.ErrnoException, port: number, host: string, setting = 'PORT'): ConfigError {
  if (error.code === 'EADDRINUSE') return new ConfigError(`port ${port} is already in use; set ${portSetting(setting)} to another port`);
  if (error.code === 'EACCES') return new ConfigError(`port ${port} needs privileges this user does not have; set ${portSetting(setting)} to a port above 1023`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new ConfigError(`HOST ${host} is not an address of this machine`);
  return new ConfigError(`cannot listen on ${host}:${port}: ${error.message}`);
}

/**
 * Listens and settles only once the port is really bound. Express 5's `app.listen` hands a
 * listen error to its callback, so a callback that only logs "listening" reports success for a
 * port someone else holds; here a refused port rejects with `listenFailure`'s line.
 */
export function listen(handler: RequestListener, port: number, host: string, setting = 'PORT'): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => reject(listenFailure(error, port, host, setting));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve(server);
    });
  });
}
