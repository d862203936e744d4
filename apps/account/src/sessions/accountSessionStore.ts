import type { AccountDb, Session } from '@recovery/db';
import type { NewSession, SessionStore } from '@recovery/http';

export type AccountSession = Session;
export interface AccountSessionExtra {
  sudoUntil: Date | null;
}

export function accountSessionStore(db: AccountDb): SessionStore<AccountSession, AccountSessionExtra> {
  return {
    create: (session: NewSession & Partial<AccountSessionExtra>) => db.session.create({ data: session }),
    find: (idHash) => db.session.findUnique({ where: { idHash } }),
    async touch(idHash, lastSeenAt) {
      await db.session.updateMany({ where: { idHash }, data: { lastSeenAt } });
    },
    async delete(idHash) {
      await db.session.deleteMany({ where: { idHash } });
    },
  };
}
