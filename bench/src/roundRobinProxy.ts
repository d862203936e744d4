import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!hopByHop.has(name)) out[name] = value;
  return out;
}

/**
 * A minimal load balancer: each request goes to the next target in turn, over kept-alive
 * connections, with X-Forwarded-For and X-Forwarded-Proto set as a real one would (the services
 * trust forwarding headers from loopback). Bodies are streamed both ways; nothing is buffered.
 */
export function createRoundRobinProxy(targets: URL[]): http.Server {
  if (targets.length === 0) throw new Error('the proxy needs at least one target');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  return http.createServer((req, res) => {
    const target = targets[next++ % targets.length]!;
    const headers = forwardable(req.headers);
    const previous = req.headers['x-forwarded-for'];
    const client = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = previous ? `${String(previous)}, ${client}` : client;
    headers['x-forwarded-proto'] = 'http';
    const upstream = http.request(
      { agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"bad_gateway","message":"upstream failed"}}');
    });
    req.pipe(upstream);
  });
}
