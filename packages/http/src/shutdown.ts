import type { Server } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/**
 * A service's way out: the hooks that release what it holds (timers, the database), and the
 * drain that runs them. Anything that starts a timer registers its stop with `onClose`, so one
 * `drain` stops everything, whoever added it.
 */
export class Shutdown {
  private readonly hooks: Array<() => unknown> = [];
  private readonly inFlight = new Set<Response>();
  private started = false;

  /** True from the moment a drain starts: readiness answers 503 from then on. */
  get draining(): boolean {
    return this.started;
  }

  /** Runs `hook` on close, after the last request; newest first. */
  onClose(hook: () => unknown): void {
    this.hooks.push(hook);
  }

  /**
   * Tracks requests in flight and, once draining, tells each keep-alive client to go
   * (`Connection: close`), so no connection outlives the drain by sending more requests.
   */
  middleware(): RequestHandler {
    return (_req, res, next) => {
      if (this.started) res.setHeader('Connection', 'close');
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
      next();
    };
  }

  /**
   * Stops taking connections, closes idle keep-alive ones, lets requests in flight finish, then
   * runs the close hooks. Resolves true once drained, false when `timeoutMs` ran out first (the
   * remaining connections are then cut).
   */
  async drain(server: Server, timeoutMs: number): Promise<boolean> {
    this.started = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    let timer: NodeJS.Timeout | undefined;
    const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    server.closeIdleConnections();
    const drained = await Promise.race([closed, late]);
    clearTimeout(timer);
    if (!drained) server.closeAllConnections();
    await this.close();
    return drained;
  }

  /** Runs every close hook once, newest first; one that fails does not stop the others. */
  async close(): Promise<void> {
    while (this.hooks.length > 0) {
      const hook = this.hooks.pop()!;
      try {
        await hook();
      } catch {
        // Exiting anyway: a hook that cannot release its resource leaves it to the process exit.
      }
    }
  }
}

/** On SIGTERM or SIGINT: drain, then exit 0, or 1 when `timeoutMs` ran out first. */
export function drainOnSignals(server: Server, shutdown: Shutdown, logger: Logger, timeoutMs: number): void {
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal, timeoutMs }, 'draining: finishing requests in flight');
    void shutdown.drain(server, timeoutMs).then((drained) => {
      if (drained) logger.info('drained; exiting');
      else logger.error({ timeoutMs }, 'requests still in flight at SHUTDOWN_TIMEOUT_MS; cut them, exiting 1');
      process.exit(drained ? 0 : 1);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
