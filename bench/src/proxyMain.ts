// Child-process entry: the round-robin proxy in front of several service instances.
// PORT: where it listens (127.0.0.1); TARGETS: comma-separated origins to spread requests over.
import { createRoundRobinProxy } from './roundRobinProxy.ts';

const port = Number(process.env.PORT);
const targets = (process.env.TARGETS ?? '').split(',').filter(Boolean).map((origin) => new URL(origin));
const server = createRoundRobinProxy(targets);
server.keepAliveTimeout = 30_000;
server.listen(port, '127.0.0.1');
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
