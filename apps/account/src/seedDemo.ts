import { newId } from '@recovery/core/ids';
import { hashPassword } from '@recovery/http';
import type { AccountDb } from '@recovery/db';

export interface DemoAccount {
  username: string;
  email: string;
  password: string;
  role: 'user' | 'staff';
}

/** Demo sign-ins printed by `npm start`; development only. */
export const demoAccounts: DemoAccount[] = [
  { username: 'mona', email: 'mona@example.com', password: 'mona-demo-password', role: 'user' },
  { username: 'support', email: 'support@example.com', password: 'support-demo-password', role: 'staff' },
];

/** Creates the demo accounts that do not exist yet; running it again changes nothing. */
export async function seedDemo(db: AccountDb): Promise<DemoAccount[]> {
  for (const account of demoAccounts) {
    const exists = await db.user.findUnique({ where: { username: account.username } });
    if (exists) continue;
    await db.user.create({
      data: {
        id: newId(),
        username: account.username,
        displayName: account.username,
        email: account.email,
        passwordHash: await hashPassword(account.password),
        role: account.role,
      },
    });
  }
  return demoAccounts;
}
