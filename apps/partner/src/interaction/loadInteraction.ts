import type { Request, Response } from 'express';
import { errors } from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import { sha256Hex } from '@recovery/http';
import type { PartnerContext } from '../context.ts';
import type { PartnerSession } from '../sessions/partnerSessionStore.ts';
import { purposeOfScopes } from '../oidc/scopes.ts';

/** An authorization request waiting for the user, as the interaction pages see it. */
export interface OpenInteraction {
  interaction: Interaction;
  uid: string;
  purpose: ReturnType<typeof purposeOfScopes>;
  clientId: string;
  /** The scopes requested, as sent. */
  scope: string;
  promptLogin: boolean;
  /** The client sent prompt=consent: the user confirms even if they did minutes ago. */
  promptConsent: boolean;
  maxAgeSeconds: number | undefined;
  /**
   * The client's opaque handle for its own user (`account_user`), or '' when it sent none: a
   * remembered "Save as …" holds only for the same user of the client (rememberedConsent).
   */
  accountUser: string;
}

export function expiredRequest(): AppError {
  return new AppError('expired', 'This request has expired or was already completed. Go back to the site you came from and start again.');
}

/**
 * The interaction named in the URL, found through oidc-provider's interaction cookie (so only
 * the browser that started the request can continue it).
 */
export async function loadInteraction(ctx: PartnerContext, req: Request, res: Response): Promise<OpenInteraction> {
  let interaction: Interaction;
  try {
    interaction = await ctx.oidc.interactionDetails(req, res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound) throw expiredRequest();
    throw error;
  }
  if (interaction.uid !== req.params.uid) throw expiredRequest();
  const { params } = interaction;
  const scope = typeof params.scope === 'string' ? params.scope : '';
  const prompts = typeof params.prompt === 'string' ? params.prompt.split(' ') : [];
  const maxAge = typeof params.max_age === 'string' || typeof params.max_age === 'number' ? Number(params.max_age) : NaN;
  return {
    interaction,
    uid: interaction.uid,
    purpose: purposeOfScopes(scope),
    clientId: typeof params.client_id === 'string' ? params.client_id : '',
    scope,
    promptLogin: prompts.includes('login'),
    promptConsent: prompts.includes('consent'),
    maxAgeSeconds: Number.isSafeInteger(maxAge) && maxAge >= 0 ? maxAge : undefined,
    accountUser: typeof params.account_user === 'string' && params.account_user.length <= 128 ? params.account_user : '',
  };
}

const requestStart = z.object({ partnerRequest: z.object({ session: z.string() }) });

/** Stands for the partner session (each sign-in issues a new one) without repeating its id hash. */
function sessionMarker(session: PartnerSession | null): string {
  return session ? sha256Hex(`interaction-marker:${session.idHash}`) : 'none';
}

/**
 * Whether the user entered their password since this request first reached us: the partner
 * session in place then is recorded on the interaction (once), and every sign-in replaces the
 * session. Clock-free, so prompt=login cannot be satisfied by a sign-in from before the request.
 */
export async function signedInDuringRequest(open: OpenInteraction, session: PartnerSession | null): Promise<boolean> {
  const recorded = requestStart.safeParse(open.interaction.result);
  if (recorded.success) return recorded.data.partnerRequest.session !== sessionMarker(session);
  open.interaction.result = { ...open.interaction.result, partnerRequest: { session: sessionMarker(session) } };
  await open.interaction.persist();
  return false;
}
