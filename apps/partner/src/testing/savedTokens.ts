import { decodeToken, tokenIdToHex } from '@recovery/core/token/index';
import type { PartnerDb } from '@recovery/db';
import type { FakeAccountService } from './fakeAccountService.ts';

/** Puts a recovery token from `ap` straight into a user's store (for tests of what follows saving). */
export async function insertSavedToken(db: PartnerDb, userId: string, ap: FakeAccountService, audience: string, savedAt = new Date()): Promise<string> {
  const token = ap.recoveryToken(audience);
  const decoded = decodeToken(token);
  const id = tokenIdToHex(decoded.tokenId);
  await db.savedRecoveryToken.create({ data: { id, userId, issuer: decoded.issuer, token, tokenSize: decoded.raw.length, savedAt } });
  return id;
}

export async function userIdOf(db: PartnerDb, username: string): Promise<string> {
  return (await db.partnerUser.findUniqueOrThrow({ where: { username } })).id;
}
