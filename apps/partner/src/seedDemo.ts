import { newId } from '@recovery/core/ids';
import { hashPassword } from '@recovery/http';
import type { PartnerDb } from '@recovery/db';

export interface DemoPartnerAccount {
  username: string;
  email: string;
  password: string;
}

/** Demo sign-ins for the partner, printed by `npm start`; development only. */
export const demoPartnerAccounts: DemoPartnerAccount[] = [{ username: 'mona', email: 'mona@partner.example', password: 'mona-partner-password' }];

/** Creates the demo accounts that do not exist yet; running it again changes nothing. */
export async function seedDemo(db: PartnerDb): Promise<DemoPartnerAccount[]> {
  for (const account of demoPartnerAccounts) {
    const username = account.username.toLowerCase();
    const email = account.email.toLowerCase();
    const exists = await db.partnerUser.findFirst({ where: { OR: [{ username }, { email }] }, select: { id: true } });
    if (exists) continue;
    await db.partnerUser.create({
      data: { id: newId(), username, displayName: account.username, email, passwordHash: await hashPassword(account.password) },
    });
  }
  return demoPartnerAccounts;
}
