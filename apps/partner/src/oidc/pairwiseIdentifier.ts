import { createHmac } from 'node:crypto';
import type { Client, KoaContextWithOIDC } from 'oidc-provider';

/**
 * The sector a client's subjects are computed for: its sector_identifier_uri host when it has
 * one, otherwise the host of its redirect URIs (configuration keeps them on one host).
 */
export function sectorOf(client: Pick<Client, 'sectorIdentifierUri' | 'redirectUris'>): string {
  const source = client.sectorIdentifierUri ?? client.redirectUris?.[0];
  return source ? new URL(source).host : '';
}

/**
 * A pairwise subject identifier: HMAC-SHA-256 over (sector, partner user id) with a key derived
 * from SECRET_KEY. Stable for one sector, unlinkable across sectors, and not reversible to the
 * partner's user id without the key.
 */
export function pairwiseSubject(key: Uint8Array, sector: string, accountId: string): string {
  return createHmac('sha256', key).update(`${sector}\n${accountId}`).digest('base64url');
}

/** oidc-provider's `pairwiseIdentifier` hook. */
export function pairwiseIdentifier(key: Uint8Array): (ctx: KoaContextWithOIDC, accountId: string, client: Client) => string {
  return (_ctx, accountId, client) => pairwiseSubject(key, sectorOf(client), accountId);
}
