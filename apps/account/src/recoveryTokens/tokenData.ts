import { decryptSecret, encryptSecret } from '@recovery/http';
import type { AccountContext } from '../context.ts';

/**
 * The token's `data`: which account it recovers, readable only by this service (AES-256-GCM
 * under the configured data key, bound to the token id). The partner sees ciphertext only:
 * never a username or email.
 */
export function sealTokenData(ctx: Pick<AccountContext, 'config'>, tokenIdHex: string, userId: string): Uint8Array {
  return new TextEncoder().encode(encryptSecret(ctx.config.tokenDataKey, JSON.stringify({ u: userId }), `recovery-token:${tokenIdHex}`));
}

/** The account id inside a token's `data`, or null when it is not ours or was tampered with. */
export function openTokenData(ctx: Pick<AccountContext, 'config'>, tokenIdHex: string, data: Uint8Array): string | null {
  try {
    const json = decryptSecret(ctx.config.tokenDataKey, new TextDecoder('utf-8', { fatal: true }).decode(data), `recovery-token:${tokenIdHex}`);
    const parsed = JSON.parse(json) as { u?: unknown };
    return typeof parsed.u === 'string' ? parsed.u : null;
  } catch {
    return null;
  }
}
