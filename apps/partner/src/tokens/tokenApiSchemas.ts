import { z } from 'zod';

export const tokenIdField = z.string().regex(/^[0-9a-f]{32}$/, { message: 'must be 32 lowercase hex digits' });

/**
 * POST /api/recovery-tokens (scope recovery_token.save). `keep`, when sent, lists the tokens of
 * this issuer that the issuer still counts as live for this user; the issuer's other tokens for
 * the user (left by a save that failed half-way, or deleted at the issuer) are removed.
 */
export const saveTokenRequest = z.strictObject({
  token: z.string().min(1, { message: 'is required' }),
  keep: z.array(tokenIdField).max(100).optional(),
});

export interface SaveTokenResponse {
  status: 'save-success';
  id: string;
}

/** POST /api/recovery-tokens/countersign (scope recovery_token.recover); the body may be empty. */
export const countersignRequest = z.strictObject({ tokenId: tokenIdField.optional() });

export interface CountersignResponse {
  status: 'recover-success';
  tokenId: string;
  countersignedToken: string;
}
