import type { RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import { OIDC_PATH_PREFIX } from './createOidcProvider.ts';

export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';

/** Whether oidc-provider answers this path: discovery, or one of its routes under /oidc/. */
export function isOidcPath(path: string): boolean {
  return path === OPENID_CONFIGURATION_PATH || path.startsWith(OIDC_PATH_PREFIX);
}

/**
 * Hands oidc-provider's paths to it untouched (it parses its own bodies and reads the original
 * URL, so this sits before every body parser and is not mounted under a prefix).
 *
 * oidc-provider builds its endpoint URLs from the request's host and protocol, and its Koa app
 * only knows "trust every proxy header" or "trust none". So the headers it reads are set here:
 * the host and protocol of PUBLIC_URL (endpoints always match the issuer, whatever Host a client
 * sends) and the client address as Express resolved it under TRUST_PROXY. Nothing a client
 * puts in X-Forwarded-* reaches it unchecked.
 */
export function oidcRoutes(provider: Provider, publicOrigin: string): RequestHandler {
  const callback = provider.callback();
  const { host, protocol } = new URL(publicOrigin);
  return (req, res, next) => {
    if (!isOidcPath(req.path)) {
      next();
      return;
    }
    normaliseForwarding(req.headers, host, protocol.replace(/:$/, ''), req.ip ?? req.socket.remoteAddress ?? '');
    callback(req, res).catch(next);
  };
}

/** The request headers oidc-provider's Koa reads (with `proxy` on), set from trusted values. */
export function normaliseForwarding(headers: Record<string, string | string[] | undefined>, host: string, protocol: string, ip: string): void {
  headers.host = host;
  headers['x-forwarded-proto'] = protocol;
  headers['x-forwarded-for'] = ip;
  delete headers['x-forwarded-host'];
}
