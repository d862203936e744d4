import { decodeCountersignedToken, parseIssuedTime, tokenIdToHex, verifyTokenSignature } from '@recovery/core/token/index';
import type { DecodedToken } from '@recovery/core/token/index';
import { asDate, sql } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import type { FetchPartnerConfiguration } from './partnerConfiguration.ts';
import { openTokenData } from './tokenData.ts';
import { publishedTokenKeys } from './wellKnownRoutes.ts';

/** How old a countersignature may be (rule: "countersignature at most 5 minutes old"). */
export const countersignMaxAgeMs = 5 * 60_000;
/** Clocks differ; a countersignature this far in the future is still accepted. */
export const countersignClockSkewMs = 60_000;
/** A countersigned token carries the recovery token inside it; both are small. */
export const maxCountersignedTokenBytes = 16 * 1024;

export type CheckName =
  | 'decodes'
  | 'known_partner'
  | 'countersignature'
  | 'audience'
  | 'issuer_binding'
  | 'countersignature_fresh'
  | 'token_binding'
  | 'token_signature'
  | 'token_issuer'
  | 'token_known'
  | 'token_confirmed'
  | 'not_recovered_before'
  | 'token_owner'
  | 'partner_subject'
  // A recovery request without a partner (accountRecovery/deviceRecoveryReport.ts).
  | 'password'
  | 'email_verified'
  | 'verified_device';

export interface Check {
  check: CheckName;
  passed: boolean;
  detail: string;
}

export interface VerificationReport {
  ok: boolean;
  checks: Check[];
  /** The first failing check, for the security log's recover_error. */
  failure: CheckName | null;
  tokenId: string | null;
  userId: string | null;
  fields: {
    outer: { issuer: string; audience: string; issuedTime: string };
    inner: { tokenId: string; issuer: string; audience: string; issuedTime: string; options: number };
  } | null;
  verifiedAt: string;
}

export interface Expectations {
  /** The account being recovered (unknown when support pastes a token). */
  userId?: string;
  /** The pairwise subject the partner returned in this recovery. */
  partnerSubject?: string;
  /** Re-verifying a stored request: its own use of the token does not count against it. */
  requestTokenUsedBy?: string;
  /** Freshness is judged at this time (the moment of recovery, when re-verifying later). */
  at?: Date;
}

type Ctx = Pick<AccountContext, 'config' | 'sql' | 'now'>;

/** The stored token the checks need (one prepared query: support verifies many tokens). */
async function findTokenRow(ctx: Ctx, id: string): Promise<{ userId: string; username: string | null; state: string; recoveredAt: Date | null; partnerSubject: string | null } | null> {
  const { rows } = await ctx.sql.query(
    sql`SELECT t."userId", u."username", t."state", t."recoveredAt", t."partnerSubject" FROM "RecoveryToken" t LEFT JOIN "User" u ON u."id" = t."userId" WHERE t."id" = ${id}`,
  );
  const row = rows[0];
  return row
    ? {
        userId: row.userId as string,
        username: typeof row.username === 'string' ? row.username : null,
        state: row.state as string,
        recoveredAt: asDate(row.recoveredAt),
        partnerSubject: (row.partnerSubject as string | null) ?? null,
      }
    : null;
}

/**
 * Names the account a token belongs to (support must see whose token was pasted), and the
 * account it was expected to belong to when they differ (one more query, only then).
 */
async function ownerDetail(ctx: Ctx, owner: string | null, row: { userId: string; username: string | null }, expected: string | undefined): Promise<string> {
  if (owner === null) return 'The token data does not decrypt for this token';
  const named = async (id: string) => {
    const username = id === row.userId ? row.username : (await ctx.sql.query(sql`SELECT "username" FROM "User" WHERE "id" = ${id}`)).rows[0]?.username;
    return typeof username === 'string' ? `@${username}` : 'an account that no longer exists';
  };
  if (expected === undefined) return `Belongs to ${await named(owner)}`;
  if (expected === owner) return `Belongs to ${await named(owner)}, the account being recovered`;
  return `Belongs to ${await named(owner)}, not to ${await named(expected)}, the account this request is for`;
}

/**
 * Every check of the design on a countersigned token, each recorded pass or fail with a reason,
 * so support staff see exactly why a token is or is not trusted. Checks go on after a failure
 * where they still can, to show the whole picture.
 */
export async function verifyCountersignedToken(
  ctx: Ctx,
  fetchPartner: FetchPartnerConfiguration,
  token: string,
  expect: Expectations = {},
): Promise<VerificationReport> {
  const checks: Check[] = [];
  const add = (check: CheckName, passed: boolean, detail: string): boolean => {
    checks.push({ check, passed, detail });
    return passed;
  };
  const finish = (outer: DecodedToken | null, inner: DecodedToken | null, userId: string | null): VerificationReport => {
    const failed = checks.find((c) => !c.passed);
    return {
      ok: !failed && checks.length > 0,
      checks,
      failure: failed?.check ?? null,
      tokenId: inner ? tokenIdToHex(inner.tokenId) : null,
      userId,
      fields:
        outer && inner
          ? {
              outer: { issuer: outer.issuer, audience: outer.audience, issuedTime: outer.issuedTime },
              inner: { tokenId: tokenIdToHex(inner.tokenId), issuer: inner.issuer, audience: inner.audience, issuedTime: inner.issuedTime, options: inner.options },
            }
          : null,
      verifiedAt: ctx.now().toISOString(),
    };
  };

  let outer: DecodedToken;
  let inner: DecodedToken;
  try {
    ({ outer, inner } = decodeCountersignedToken(token.trim(), { maxBytes: maxCountersignedTokenBytes }));
    add('decodes', true, 'A version-0 countersigned token wrapping a recovery token');
  } catch (error) {
    add('decodes', false, error instanceof Error ? error.message : 'Not a countersigned token');
    return finish(null, null, null);
  }

  const partner = ctx.config.partner;
  const knownPartner = add('known_partner', !!partner && outer.issuer === partner.url, partner ? `Countersigned by ${outer.issuer}; our partner is ${partner.url}` : 'No recovery partner is configured');
  if (knownPartner) {
    try {
      const configuration = await fetchPartner(outer.issuer);
      const { keyIndex } = verifyTokenSignature(outer, configuration.countersignKeys);
      add('countersignature', true, `Valid signature by the partner's published key #${keyIndex + 1}`);
    } catch (error) {
      add('countersignature', false, error instanceof Error ? error.message : 'Signature not valid');
    }
  } else {
    add('countersignature', false, 'Not checked: the countersigner is not our partner');
  }
  add('audience', outer.audience === ctx.config.publicOrigin, `Countersigned for ${outer.audience}`);
  add('issuer_binding', inner.audience === outer.issuer, `Inner token addressed to ${inner.audience}, countersigned by ${outer.issuer}`);
  try {
    const age = (expect.at ?? ctx.now()).getTime() - parseIssuedTime(outer.issuedTime).getTime();
    add('countersignature_fresh', age <= countersignMaxAgeMs && age >= -countersignClockSkewMs, `Countersigned ${Math.round(age / 1000)} s before ${expect.at ? 'the recovery' : 'now'} (limit ${countersignMaxAgeMs / 1000} s)`);
  } catch {
    add('countersignature_fresh', false, 'The countersignature time is not valid');
  }
  // Draft §3.5 step 8: the countersigned token's binding is checked. We never hand a partner a
  // binding to put there, so any binding is unsolicited, and a token carrying one is refused.
  add('token_binding', outer.binding.length === 0, outer.binding.length === 0 ? 'No token binding, as none was asked for' : `Carries a ${outer.binding.length}-byte token binding this service never issued`);
  try {
    const { keyIndex } = verifyTokenSignature(inner, publishedTokenKeys(ctx));
    add('token_signature', true, `Valid signature by our published token key #${keyIndex + 1}`);
  } catch {
    add('token_signature', false, 'Not signed by any key we currently publish (forged, tampered or from a retired key)');
  }
  add('token_issuer', inner.issuer === ctx.config.publicOrigin, `Issued by ${inner.issuer}`);

  const tokenId = tokenIdToHex(inner.tokenId);
  const row = await findTokenRow(ctx, tokenId);
  add('token_known', !!row, row ? `Token ${tokenId} was issued by us` : `No token ${tokenId} was ever stored by us`);
  if (!row) return finish(outer, inner, null);
  const usedByThisRequest = row.state === 'recovered' && !!expect.requestTokenUsedBy;
  add('token_confirmed', row.state === 'confirmed' || usedByThisRequest, `State: ${row.state}`);
  add('not_recovered_before', row.recoveredAt === null || usedByThisRequest, row.recoveredAt ? `Used to recover at ${row.recoveredAt.toISOString()}${usedByThisRequest ? ' (by this request)' : ''}` : 'Never used');
  const owner = openTokenData(ctx, tokenId, inner.data);
  add('token_owner', owner !== null && owner === row.userId && (expect.userId === undefined || owner === expect.userId), await ownerDetail(ctx, owner, row, expect.userId));
  if (expect.partnerSubject !== undefined) {
    add('partner_subject', row.partnerSubject === expect.partnerSubject, row.partnerSubject === expect.partnerSubject ? 'Same partner account that stored it' : 'Retrieved by a different partner account than the one that stored it');
  }
  return finish(outer, inner, owner);
}
