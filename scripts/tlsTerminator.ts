// A small local TLS terminator: https on loopback in front of the services' plain http, so the
// stack can publish https:// origins (PUBLIC_URL=https://localhost:…) and be tried against draft
// peers that accept only https origins. Development and testing only; production sits behind a
// real load balancer.
//
//   npx tsx scripts/tlsTerminator.ts --cert data/tls/cert.pem --key data/tls/key.pem 3443:3000 4443:4000
//
// Each LISTEN:TARGET pair serves https on 127.0.0.1:LISTEN and forwards to http://127.0.0.1:TARGET
// with X-Forwarded-Proto: https (the services trust loopback proxies by default).
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { fileURLToPath } from 'node:url';

export interface TlsRoute {
  listen: number;
  target: number;
}

export interface TlsTerminator {
  close(): Promise<void>;
}

export async function startTlsTerminator(options: { certFile: string; keyFile: string; routes: TlsRoute[] }): Promise<TlsTerminator> {
  const cert = readFileSync(options.certFile);
  const key = readFileSync(options.keyFile);
  const servers: Server[] = options.routes.map((route) =>
    createServer({ cert, key, minVersion: 'TLSv1.2' }, (req, res) => {
      const headers = { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': req.headers.host ?? '', 'x-forwarded-for': req.socket.remoteAddress ?? '' };
      const upstream = httpRequest({ host: '127.0.0.1', port: route.target, method: req.method, path: req.url, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end('The service behind the TLS terminator is not answering');
      });
      req.pipe(upstream);
    }),
  );
  await Promise.all(servers.map((server, i) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.routes[i]!.listen, '127.0.0.1', resolve))));
  return { close: () => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name: string): string => {
    const at = args.indexOf(name);
    const value = at >= 0 ? args.splice(at, 2)[1] : undefined;
    if (!value) throw new Error(`usage: tlsTerminator.ts --cert CERT.pem --key KEY.pem LISTEN:TARGET…  (missing ${name})`);
    return value;
  };
  const certFile = option('--cert');
  const keyFile = option('--key');
  const routes = args.map((pair) => {
    const [listen, target] = pair.split(':').map(Number);
    if (!Number.isInteger(listen) || !Number.isInteger(target)) throw new Error(`not a LISTEN:TARGET pair: ${pair}`);
    return { listen: listen!, target: target! };
  });
  await startTlsTerminator({ certFile, keyFile, routes });
  for (const route of routes) console.log(`https://localhost:${route.listen} → http://127.0.0.1:${route.target}`);
}
