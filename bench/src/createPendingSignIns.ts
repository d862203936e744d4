import type { AccountDb } from '@recovery/db';
import { randomToken, sha256Hex } from '@recovery/http';

/**
 * One "password passed, second factor pending" record per entry of `userIds`, as
 * startPendingSignIn writes it (the row keeps the SHA-256 of the cookie's random id), from a
 * known browser. Returns the raw cookie values, in the same order. A successful second step
 * deletes its row, so a load run needs one per request it will send.
 */
export async function createPendingSignIns(db: AccountDb, userIds: string[]): Promise<string[]> {
  const now = new Date();
  // Longer than the service's ten minutes: these wait for the whole run, not for a person.
  const expiresAt = new Date(now.getTime() + 60 * 60_000);
  const ids = userIds.map(() => randomToken(32));
  for (let at = 0; at < ids.length; at += 1000) {
    await db.pendingSignIn.createMany({
      data: ids.slice(at, at + 1000).map((id, i) => ({ idHash: sha256Hex(id), userId: userIds[at + i]!, knownDevice: true, createdAt: now, expiresAt })),
    });
  }
  return ids;
}
