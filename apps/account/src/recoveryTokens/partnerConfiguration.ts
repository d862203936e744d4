import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import { normalizeOrigin, publicKeyFromBase64Spki } from '@recovery/core/token/index';
import { partnerUnreachable } from './partnerUnreachable.ts';

const configurationSchema = z.object({
  issuer: z.string().max(2048),
  'countersign-pubkeys-secp256r1': z.array(z.string().max(1024)).min(1).max(2),
  'token-max-size': z.number().int().positive().optional(),
  // The draft's browser endpoints (section 3).
  'save-token': z.string().max(2048).optional(),
  'recover-account': z.string().max(2048).optional(),
  // Our own OAuth transport, published by our partner in fields the draft does not define.
  'oauth-save-token-api': z.string().max(2048).optional(),
  'oauth-countersign-api': z.string().max(2048).optional(),
  'icon-152px': z.string().optional().catch(undefined),
  /** A field of our own (not the draft's): the name people know the partner by. */
  'display-name': z.string().trim().min(1).max(60).optional().catch(undefined),
});

export interface PartnerConfiguration {
  issuer: string;
  countersignKeys: KeyObject[];
  /** The draft's `save-token`: where the browser form-POSTs a token. */
  saveToken: string | undefined;
  /** The draft's `recover-account`: where the browser goes to pick and countersign a token. */
  recoverAccount: string | undefined;
  /** Ours: the token store API for an OAuth access token. */
  oauthSaveTokenApi: string | undefined;
  /** Ours: the countersign API for an OAuth access token. */
  oauthCountersignApi: string | undefined;
  displayName: string | undefined;
  /** `icon-152px`, only when it is on the partner's own origin (the UI's CSP allows no other). */
  iconUrl: string | undefined;
}

function iconOnOrigin(value: string | undefined, issuer: string): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).origin === issuer ? value : undefined;
  } catch {
    return undefined;
  }
}

export type FetchPartnerConfiguration = (issuer: string) => Promise<PartnerConfiguration>;

const cacheMs = 60_000;

/**
 * An endpoint as draft §2 allows: https (or plain http when the partner itself is a loopback
 * http origin, in development and tests), no query, fragment or credentials.
 */
function endpoint(value: string | undefined, issuer: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('unavailable', "The recovery partner's configuration names an endpoint that is not a URL");
  }
  const schemeOk = url.protocol === 'https:' || (issuer.startsWith('http://') && url.protocol === 'http:');
  if (!schemeOk || url.username || url.password || url.search || url.hash || /[?#]/.test(value)) {
    throw new AppError('unavailable', "The recovery partner's configuration names an endpoint that is not an https URL without query or fragment");
  }
  return url.toString();
}

/**
 * Reads a partner's delegated-recovery configuration: no redirects followed, a short timeout,
 * and its `issuer` must be the origin we asked (compared as origins, after normalisation).
 * Public data only, so a one-minute in-memory cache is safe across instances (keys rotate with
 * overlap).
 */
export function partnerConfigurationFetcher(timeoutMs = 3_000): FetchPartnerConfiguration {
  const cache = new Map<string, { at: number; value: PartnerConfiguration }>();
  return async (issuer) => {
    const hit = cache.get(issuer);
    if (hit && Date.now() - hit.at < cacheMs) return hit.value;
    let res: Response;
    try {
      res = await fetch(`${issuer}/.well-known/delegated-account-recovery/configuration`, {
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { Accept: 'application/json' },
      });
    } catch (cause) {
      throw partnerUnreachable(cause);
    }
    if (res.status !== 200) {
      const answered = `The recovery partner's configuration answered ${res.status}`;
      throw res.status >= 500 ? partnerUnreachable(undefined, answered) : new AppError('unavailable', answered);
    }
    const parsed = configurationSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new AppError('unavailable', "The recovery partner's configuration is not valid");
    if (normalizeOrigin(parsed.data.issuer) !== normalizeOrigin(issuer)) throw new AppError('unavailable', "The recovery partner's configuration names another issuer");
    let countersignKeys: KeyObject[];
    try {
      countersignKeys = parsed.data['countersign-pubkeys-secp256r1'].map((key) => publicKeyFromBase64Spki(key));
    } catch {
      throw new AppError('unavailable', "The recovery partner's configuration publishes a key that is not a P-256 public key");
    }
    const value: PartnerConfiguration = {
      issuer,
      countersignKeys,
      saveToken: endpoint(parsed.data['save-token'], issuer),
      recoverAccount: endpoint(parsed.data['recover-account'], issuer),
      oauthSaveTokenApi: endpoint(parsed.data['oauth-save-token-api'], issuer),
      oauthCountersignApi: endpoint(parsed.data['oauth-countersign-api'], issuer),
      displayName: parsed.data['display-name'],
      iconUrl: iconOnOrigin(parsed.data['icon-152px'], issuer),
    };
    cache.set(issuer, { at: Date.now(), value });
    return value;
  };
}
