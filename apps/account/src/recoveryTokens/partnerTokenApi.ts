import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import type { PartnerConfiguration } from './partnerConfiguration.ts';
import { partnerUnreachable } from './partnerUnreachable.ts';

const saveAnswer = z.object({ status: z.literal('save-success') });
const countersignAnswer = z.object({ countersignedToken: z.string().min(1).max(32_768) });

async function callPartner(url: string | undefined, accessToken: string, body: object): Promise<unknown> {
  if (!url) throw new AppError('unavailable', 'The recovery partner does not publish this endpoint');
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000),
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw partnerUnreachable(cause);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (json as { error?: { message?: unknown } } | null)?.error?.message;
    const refused = `The recovery partner refused: ${typeof message === 'string' ? message.slice(0, 200) : res.status}`;
    throw res.status >= 500 ? partnerUnreachable(undefined, refused) : new AppError('token_rejected', refused);
  }
  return json;
}

/**
 * Hands the token to the partner's store (`oauth-save-token-api`); only an explicit save-success
 * counts. `keep` names this service's live tokens for the partner user: the partner removes the
 * others (left by a save that failed half-way, or deleted here).
 */
export async function saveTokenWithPartner(partner: PartnerConfiguration, accessToken: string, token: string, keep: string[]): Promise<void> {
  const answer = saveAnswer.safeParse(await callPartner(partner.oauthSaveTokenApi, accessToken, { token, keep }));
  if (!answer.success) throw new AppError('token_rejected', 'The recovery partner did not confirm the token was saved');
}

/** Asks the partner for the token the user picked, countersigned (`oauth-countersign-api`). */
export async function countersignedTokenFromPartner(partner: PartnerConfiguration, accessToken: string): Promise<string> {
  const answer = countersignAnswer.safeParse(await callPartner(partner.oauthCountersignApi, accessToken, {}));
  if (!answer.success) throw new AppError('token_rejected', 'The recovery partner did not return a countersigned token');
  return answer.data.countersignedToken;
}
