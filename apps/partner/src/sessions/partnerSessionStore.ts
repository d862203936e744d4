import type { PartnerDb, PartnerSession } from '@recovery/db';
import type { NewSession, SessionStore } from '@recovery/http';

export type { PartnerSession };

export interface PartnerSessionExtra {
  /** When the user last proved who they are with their password (OIDC auth_time). */
  authTime: Date | null;
}

/** The partner's sessions in its own PartnerSession table; only id hashes are stored. */
export function partnerSessionStore(db: PartnerDb): SessionStore<PartnerSession, PartnerSessionExtra> {
  return {
    create: (session: NewSession & Partial<PartnerSessionExtra>) => db.partnerSession.create({ data: session }),
    find: (idHash) => db.partnerSession.findUnique({ where: { idHash } }),
    async touch(idHash, lastSeenAt) {
      await db.partnerSession.updateMany({ where: { idHash }, data: { lastSeenAt } });
    },
    async delete(idHash) {
      await db.partnerSession.deleteMany({ where: { idHash } });
    },
  };
}
