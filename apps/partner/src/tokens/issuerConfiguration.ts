import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import { normalizeOrigin, publicKeyFromBase64Spki } from '@recovery/core/token/index';
import { endpointUrl } from './endpointUrl.ts';

/** What the partner needs from a token issuer's delegated-recovery configuration. */
export interface IssuerConfiguration {
  issuer: string;
  /** `tokensign-pubkeys-secp256r1`: the issuer's current token-signing keys (one or two). */
  tokenSignKeys: KeyObject[];
  /** `save-token-return`, where the draft's browser protocol sends the user back after a save. */
  saveTokenReturn: string | undefined;
  /** `recover-account-return`, where the draft's browser protocol posts a countersigned token. */
  recoverAccountReturn: string | undefined;
  /** `display-name` (a field of our own, not the draft's): the site's name as people know it. */
  displayName: string | undefined;
}

/** Where issuer configurations come from; createApp's default fetches them over HTTP. */
export interface IssuerConfigurationSource {
  /** The configuration of an (already allow-listed) issuer origin, or an AppError. */
  get(issuer: string): Promise<IssuerConfiguration>;
}

export const DELEGATED_RECOVERY_CONFIGURATION_PATH = '/.well-known/delegated-account-recovery/configuration';

/** An issuer out of reach is an expected condition: a 503 with Retry-After, logged as a warning. */
export const issuerRetryAfterSeconds = 60;

const configurationSchema = z.object({
  issuer: z.string().max(2048),
  'tokensign-pubkeys-secp256r1': z.array(z.string().max(1024)).min(1).max(2),
  'save-token-return': z.string().max(2048).optional(),
  'recover-account-return': z.string().max(2048).optional(),
  'display-name': z.string().trim().min(1).max(60).optional().catch(undefined),
});

export interface IssuerConfigurationFetcherOptions {
  timeoutMs?: number;
  /** How long a fetched configuration is reused; it is public data, so a per-instance cache is safe. */
  cacheMs?: number;
  maxBytes?: number;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
}

function rejected(issuer: string, why: string): AppError {
  return new AppError('token_rejected', `The delegated-recovery configuration of ${issuer} ${why}`);
}

/**
 * What the issuer allows (draft §2: providers "may indicate that configuration responses are
 * cacheable"): no-store or no-cache means fetch every time, max-age caps our own lifetime.
 */
export function cacheLifetimeMs(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const maxAge = /(^|,)\s*max-age\s*=\s*"?(\d{1,9})"?\s*(,|$)/i.exec(cacheControl);
  return maxAge ? Number(maxAge[2]) * 1000 : undefined;
}

async function readLimited(response: Response, maxBytes: number, issuer: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw rejected(issuer, 'is too large');
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw rejected(issuer, 'is too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches `${issuer}/.well-known/delegated-account-recovery/configuration` with Node's fetch:
 * no redirects followed (any 3xx is a refusal), a short timeout, a size limit, the `issuer`
 * field must equal the origin asked for, and the keys must be P-256 SubjectPublicKeyInfo.
 * Successful answers are cached briefly; failures are not cached.
 */
export class IssuerConfigurationFetcher implements IssuerConfigurationSource {
  private readonly cache = new Map<string, { value: IssuerConfiguration; expiresAt: number }>();
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private readonly fetch: typeof globalThis.fetch;

  constructor(options: IssuerConfigurationFetcherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.cacheMs = options.cacheMs ?? 60_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024;
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async get(issuer: string): Promise<IssuerConfiguration> {
    const cached = this.cache.get(issuer);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const { value, maxAgeMs } = await this.load(issuer);
    const lifetime = Math.min(this.cacheMs, maxAgeMs ?? this.cacheMs);
    if (lifetime > 0) this.cache.set(issuer, { value, expiresAt: this.now() + lifetime });
    else this.cache.delete(issuer);
    return value;
  }

  private async load(issuer: string): Promise<{ value: IssuerConfiguration; maxAgeMs: number | undefined }> {
    const url = new URL(DELEGATED_RECOVERY_CONFIGURATION_PATH, issuer);
    let response: Response;
    try {
      response = await this.fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    } catch (cause) {
      throw new AppError('unavailable', `The delegated-recovery configuration of ${issuer} could not be fetched`, { cause, retryAfter: issuerRetryAfterSeconds });
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw rejected(issuer, 'answered with a redirect, which is not followed');
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new AppError('unavailable', `The delegated-recovery configuration of ${issuer} is unavailable (HTTP ${response.status})`, { retryAfter: issuerRetryAfterSeconds });
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw rejected(issuer, `was not found (HTTP ${response.status})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(await readLimited(response, this.maxBytes, issuer));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw rejected(issuer, 'is not valid JSON');
    }
    const parsed = configurationSchema.safeParse(json);
    if (!parsed.success) throw rejected(issuer, 'lacks issuer or tokensign-pubkeys-secp256r1');
    // Origins are compared as origins: "https://Account.example/" names https://account.example.
    if (normalizeOrigin(parsed.data.issuer) !== normalizeOrigin(issuer)) throw rejected(issuer, `names another issuer (${parsed.data.issuer.slice(0, 200)})`);
    let tokenSignKeys: KeyObject[];
    try {
      tokenSignKeys = parsed.data['tokensign-pubkeys-secp256r1'].map((key) => publicKeyFromBase64Spki(key));
    } catch {
      throw rejected(issuer, 'publishes a key that is not a P-256 public key');
    }
    const endpoint = (name: 'save-token-return' | 'recover-account-return'): string | undefined => {
      const value = parsed.data[name];
      if (value === undefined) return undefined;
      const url = endpointUrl(value, issuer);
      if (!url) throw rejected(issuer, `publishes a ${name} that is not an https URL without query or fragment`);
      return url;
    };
    return {
      value: { issuer, tokenSignKeys, saveTokenReturn: endpoint('save-token-return'), recoverAccountReturn: endpoint('recover-account-return'), displayName: parsed.data['display-name'] },
      maxAgeMs: cacheLifetimeMs(response.headers.get('cache-control')),
    };
  }
}
