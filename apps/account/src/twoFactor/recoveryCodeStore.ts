import { formatRecoveryCode, generateRecoveryCodes, normaliseRecoveryCode } from '@recovery/core/recoveryCodes';
import { newId } from '@recovery/core/ids';
import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import { decryptSecret, encryptSecret, hmacHex } from '@recovery/http';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';

type Ctx = Pick<AccountContext, 'db' | 'keys' | 'now'>;
/** Reads that also run inside a caller's transaction. */
type ReadCtx = Pick<AccountContext, 'keys'> & { db: AccountTx };

function codeHash(ctx: Pick<Ctx, 'keys'>, userId: string, normalised: string): string {
  return hmacHex(ctx.keys.recoveryCodeHash, `${userId}:${normalised}`);
}

/**
 * Issues a new set and makes it the only valid one, inside the caller's transaction (so the
 * set arrives together with whatever it belongs to: 2FA turned on, the regeneration's event).
 * The set id on the TwoFactor row is the switch: only codes of that set are accepted. Moving it
 * first takes the row's lock, so concurrent regenerations run one after another and exactly
 * one set survives.
 */
export async function issueRecoveryCodes(ctx: Omit<Ctx, 'db'>, tx: AccountTx, userId: string): Promise<{ codes: string[]; setId: string }> {
  const codes = generateRecoveryCodes();
  const setId = newId(ctx.now().getTime());
  const createdAt = ctx.now();
  await tx.twoFactor.update({ where: { userId }, data: { recoveryCodeSet: setId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code, position) => {
      const normalised = normaliseRecoveryCode(code)!;
      return {
        id: newId(createdAt.getTime()),
        userId,
        setId,
        position,
        codeHash: codeHash(ctx, userId, normalised),
        codeEnc: encryptSecret(ctx.keys.recoveryCodeEnc, normalised, `recovery-code:${userId}`),
        createdAt,
      };
    }),
  });
  await tx.recoveryCode.deleteMany({ where: { userId, setId: { not: setId } } });
  return { codes, setId };
}

export async function currentSetId(ctx: ReadCtx, userId: string): Promise<string | null> {
  const twoFactor = await ctx.db.twoFactor.findUnique({ where: { userId }, select: { recoveryCodeSet: true } });
  return twoFactor?.recoveryCodeSet ?? null;
}

export async function listRecoveryCodes(ctx: ReadCtx, userId: string): Promise<{ codes: { code: string; used: boolean }[]; generatedAt: Date | null }> {
  const setId = await currentSetId(ctx, userId);
  if (!setId) return { codes: [], generatedAt: null };
  const rows = await ctx.db.recoveryCode.findMany({ where: { userId, setId }, orderBy: { position: 'asc' } });
  return {
    codes: rows.map((row) => ({ code: formatRecoveryCode(decryptSecret(ctx.keys.recoveryCodeEnc, row.codeEnc, `recovery-code:${userId}`)), used: row.usedAt !== null })),
    generatedAt: rows[0]?.createdAt ?? null,
  };
}

export async function countRemainingCodes(ctx: Ctx, userId: string): Promise<{ remaining: number; total: number }> {
  const setId = await currentSetId(ctx, userId);
  if (!setId) return { remaining: 0, total: 0 };
  const [total, remaining] = await Promise.all([
    ctx.db.recoveryCode.count({ where: { userId, setId } }),
    ctx.db.recoveryCode.count({ where: { userId, setId, usedAt: null } }),
  ]);
  return { remaining, total };
}

/**
 * Spends a code if it is one of the current set and unused. The spend is a single conditional
 * update (`usedAt IS NULL`), so of any number of concurrent requests with one code exactly one
 * succeeds, on SQLite and PostgreSQL alike.
 */
export async function consumeRecoveryCode(ctx: Ctx, userId: string, input: string): Promise<boolean> {
  const normalised = normaliseRecoveryCode(input);
  if (!normalised) return false;
  const setId = await currentSetId(ctx, userId);
  if (!setId) return false;
  const spent = await ctx.db.recoveryCode.updateMany({
    where: { userId, setId, codeHash: codeHash(ctx, userId, normalised), usedAt: null },
    data: { usedAt: ctx.now() },
  });
  return spent.count === 1;
}

/**
 * Spends a code of the current set (`setId`, read with the sign-in) if unused: one conditional
 * update that changes exactly one row for exactly one of any number of concurrent requests.
 * Null when the input cannot be a recovery code at all.
 */
export function spendRecoveryCodeStatement(ctx: Ctx, userId: string, setId: string, input: string): SqlStatement | null {
  const normalised = normaliseRecoveryCode(input);
  if (!normalised) return null;
  return sql`UPDATE "RecoveryCode" SET "usedAt" = ${ctx.now()} WHERE "userId" = ${userId} AND "setId" = ${setId} AND "codeHash" = ${codeHash(ctx, userId, normalised)} AND "usedAt" IS NULL`;
}
