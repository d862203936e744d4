import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import { publicKeyFromBase64Spki } from '@recovery/core/token/index';

const configurationSchema = z.object({
  issuer: z.string(),
  'countersign-pubkeys-secp256r1': z.array(z.string()).min(1).max(2),
  'token-max-size': z.number().int().positive().optional(),
  'save-token': z.string().optional(),
  'recover-account': z.string().optional(),
  'icon-152px': z.string().optional().catch(undefined),
  /** A field of our own (not the draft's): the name people know the partner by. */
  'display-name': z.string().trim().min(1).max(60).optional().catch(undefined),
});

export interface PartnerConfiguration {
  issuer: string;
  countersignKeys: KeyObject[];
  saveTokenUrl: string | undefined;
  recoverAccountUrl: string | undefined;
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
 * Reads a partner's delegated-recovery configuration: no redirects followed, a short timeout,
 * and its `issuer` must be the origin we asked. Public data only, so a one-minute in-memory
 * cache is safe across instances (keys rotate with overlap).
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
      throw new AppError('unavailable', 'The recovery partner cannot be reached right now; try again in a few minutes', { cause });
    }
    if (res.status !== 200) throw new AppError('unavailable', `The recovery partner's configuration answered ${res.status}`);
    const parsed = configurationSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new AppError('unavailable', "The recovery partner's configuration is not valid");
    if (parsed.data.issuer !== issuer) throw new AppError('unavailable', "The recovery partner's configuration names another issuer");
    const value: PartnerConfiguration = {
      issuer,
      countersignKeys: parsed.data['countersign-pubkeys-secp256r1'].map((key) => publicKeyFromBase64Spki(key)),
      saveTokenUrl: parsed.data['save-token'],
      recoverAccountUrl: parsed.data['recover-account'],
      displayName: parsed.data['display-name'],
      iconUrl: iconOnOrigin(parsed.data['icon-152px'], issuer),
    };
    cache.set(issuer, { at: Date.now(), value });
    return value;
  };
}
