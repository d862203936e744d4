// A test-only participant written from draft-hill-delegated-recovery (sections 2 to 4): one
// origin acting as both an Account Provider and a Recovery Provider, as the draft allows, with
// its own keys and its own version-0 codec (versionZero.ts). Tests use it to exchange tokens
// with each of our services in both directions. It is deliberately small: no users (whoever
// reaches it is "the user"), no persistence.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeV0, parseV0, parseV0Bytes, signedByOneOf } from './versionZero.ts';
import type { V0Token } from './versionZero.ts';

const CONFIGURATION_PATH = '/.well-known/delegated-account-recovery/configuration';
const FRESH_MS = 5 * 60_000;

export interface PeerRecovery {
  ok: boolean;
  reason: string;
  /** The id of our recovery token inside, hex. */
  tokenId?: string;
  countersignedBy?: string;
}

/** Where the peer departs from the draft's text as the reference implementations do, or misbehaves on purpose. */
export interface PeerBehaviour {
  /** The form field that carries a countersigned token (the draft: countersigned-token; darrrr and Facebook: token). */
  returnField: 'countersigned-token' | 'token';
  /** A binding the peer puts in the tokens it countersigns (the draft: only one the account provider asked for). */
  countersignBinding: Buffer;
  /** How long ago the peer says it countersigned (0: now). */
  countersignAgeMs: number;
}

export interface DraftPeer {
  origin: string;
  /** Changeable between requests. */
  behaviour: PeerBehaviour;
  /** As a Recovery Provider: the hints that arrived at recover-account. */
  recoverRequests: { issuer: string | null; id: string | null }[];
  /** As a Recovery Provider: the tokens saved, by issuer. */
  saved: { issuer: string; token: string; tokenId: string }[];
  /** As an Account Provider: what arrived at save-token-return. */
  saveReturns: { status: string | null; state: string | null }[];
  /** As an Account Provider: what arrived at recover-account-return, and what we made of it. */
  recoveries: PeerRecovery[];
  /** As an Account Provider: a recovery token for `audience` (the recovery provider's issuer). */
  recoveryToken(audience: string, fields?: { binding?: Buffer }): { token: string; tokenId: string };
  close(): Promise<void>;
}

function p256(): { privateKey: KeyObject; spki: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** §2: GET the configuration, following no redirect; its issuer must be the origin asked. */
async function configurationOf(origin: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${origin}${CONFIGURATION_PATH}`, { redirect: 'manual' });
  if (res.status !== 200) throw new Error(`configuration of ${origin}: HTTP ${res.status}`);
  const configuration = (await res.json()) as Record<string, unknown>;
  if (configuration.issuer !== origin) throw new Error(`configuration of ${origin} names issuer ${String(configuration.issuer)}`);
  return configuration;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function fresh(issuedTime: string): boolean {
  const age = Date.now() - Date.parse(issuedTime);
  return Number.isFinite(age) && age <= FRESH_MS && age >= -60_000;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export async function startDraftPeer(): Promise<DraftPeer> {
  const tokenSign = p256();
  const countersign = p256();
  const issuedIds = new Set<string>();
  let origin = '';
  const peer: DraftPeer = {
    origin: '',
    behaviour: { returnField: 'countersigned-token', countersignBinding: Buffer.alloc(0), countersignAgeMs: 0 },
    recoverRequests: [],
    saved: [],
    saveReturns: [],
    recoveries: [],
    recoveryToken(audience, fields = {}) {
      const tokenId = randomBytes(16);
      issuedIds.add(tokenId.toString('hex'));
      const token = encodeV0(
        { type: 0, tokenId, options: 0, issuer: origin, audience, issuedTime: new Date().toISOString(), data: randomBytes(32), binding: fields.binding ?? Buffer.alloc(0) },
        tokenSign.privateKey,
      );
      return { token, tokenId: tokenId.toString('hex') };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  /** §3.1.1, the Recovery Provider's steps 2 to 11. */
  async function saveToken(token: string): Promise<V0Token> {
    const parsed = parseV0(token);
    if (parsed.type !== 0) throw new Error('not a recovery token');
    const configuration = await configurationOf(parsed.issuer);
    if (!signedByOneOf(parsed, stringArray(configuration['tokensign-pubkeys-secp256r1']))) throw new Error('bad signature');
    if (parsed.audience !== origin) throw new Error('not for us');
    if (!fresh(parsed.issuedTime)) throw new Error('stale');
    peer.saved.push({ issuer: parsed.issuer, token, tokenId: parsed.tokenId.toString('hex') });
    return parsed;
  }

  /** §3.5, the Account Provider's steps 1 to 12. */
  async function recoverAccountReturn(countersigned: string): Promise<PeerRecovery> {
    const outer = parseV0(countersigned);
    if (outer.type !== 1) return { ok: false, reason: 'not a countersigned token' };
    if ((outer.options & 0x01) !== 0) return { ok: false, reason: 'options bit 0 set in a countersigned token' };
    const inner = parseV0Bytes(outer.data);
    if (inner.type !== 0 || inner.issuer !== origin || !signedByOneOf(inner, [tokenSign.spki])) return { ok: false, reason: 'inner token is not ours' };
    if (outer.issuer !== inner.audience) return { ok: false, reason: 'countersigner is not the inner audience' };
    if (outer.audience !== origin) return { ok: false, reason: 'countersigned for someone else' };
    if (!fresh(outer.issuedTime)) return { ok: false, reason: 'stale countersignature' };
    const configuration = await configurationOf(outer.issuer);
    if (!signedByOneOf(outer, stringArray(configuration['countersign-pubkeys-secp256r1']))) return { ok: false, reason: 'bad countersignature' };
    const tokenId = inner.tokenId.toString('hex');
    if (!issuedIds.has(tokenId)) return { ok: false, reason: 'unknown token id' };
    return { ok: true, reason: 'recovered', tokenId, countersignedBy: outer.issuer };
  }

  /** §3.4: countersign the newest token saved for `issuer` and post it to its recover-account-return. */
  async function recoverAccountPage(issuer: string | null, id: string | null): Promise<string> {
    peer.recoverRequests.push({ issuer, id });
    const entry = [...peer.saved].reverse().find((saved) => (!issuer || saved.issuer === issuer) && (!id || saved.tokenId === id));
    if (!entry) throw new Error('no token saved for that issuer');
    const configuration = await configurationOf(entry.issuer);
    const back = configuration['recover-account-return'];
    if (typeof back !== 'string') throw new Error('no recover-account-return');
    const countersigned = encodeV0(
      { type: 1, tokenId: randomBytes(16), options: 0, issuer: origin, audience: entry.issuer, issuedTime: new Date(Date.now() - peer.behaviour.countersignAgeMs).toISOString(), data: parseV0(entry.token).raw, binding: peer.behaviour.countersignBinding },
      countersign.privateKey,
    );
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Draft peer</title></head><body>
<form id="return" method="post" action="${escape(back)}"><input type="hidden" name="${peer.behaviour.returnField}" value="${escape(countersigned)}"><button type="submit">Use this token</button></form>
</body></html>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === CONFIGURATION_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          issuer: origin,
          'countersign-pubkeys-secp256r1': [countersign.spki],
          'tokensign-pubkeys-secp256r1': [tokenSign.spki],
          'token-max-size': 8192,
          'save-token': `${origin}/save-token`,
          'recover-account': `${origin}/recover-account`,
          'save-token-return': `${origin}/save-token-return`,
          'recover-account-return': `${origin}/recover-account-return`,
          'privacy-policy': `${origin}/privacy`,
          'icon-152px': `${origin}/icon.png`,
        }),
      );
      return;
    }
    if (url.pathname === '/save-token' && req.method === 'POST') {
      const form = await readForm(req);
      const state = form.get('state');
      let status = 'save-success';
      let back: string | undefined;
      try {
        const parsed = parseV0(form.get('token') ?? '');
        back = (await configurationOf(parsed.issuer).catch(() => ({})) as Record<string, unknown>)['save-token-return'] as string | undefined;
        await saveToken(form.get('token') ?? '');
      } catch {
        status = 'save-failure';
      }
      if (!back) {
        res.writeHead(400).end('cannot save');
        return;
      }
      const target = new URL(back);
      target.searchParams.set('status', status);
      if (state !== null) target.searchParams.set('state', state);
      res.writeHead(303, { Location: target.toString() }).end();
      return;
    }
    if (url.pathname === '/recover-account') {
      const params = req.method === 'POST' ? await readForm(req) : url.searchParams;
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(await recoverAccountPage(params.get('issuer'), params.get('id')));
      return;
    }
    if (url.pathname === '/save-token-return') {
      const params = req.method === 'POST' ? await readForm(req) : url.searchParams;
      peer.saveReturns.push({ status: params.get('status'), state: params.get('state') });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`status: ${params.get('status') ?? ''}`);
      return;
    }
    if (url.pathname === '/recover-account-return' && req.method === 'POST') {
      const recovery = await recoverAccountReturn((await readForm(req)).get(peer.behaviour.returnField) ?? '').catch((error: unknown) => ({ ok: false, reason: String(error) }));
      peer.recoveries.push(recovery);
      res.writeHead(recovery.ok ? 200 : 400, { 'Content-Type': 'text/plain' }).end(recovery.reason);
      return;
    }
    res.writeHead(404).end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peer.origin = origin;
  return peer;
}
