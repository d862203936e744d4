import { newId } from '@recovery/core/ids';
import { hashPassword } from '@recovery/http';
import type { AccountContext } from './context.ts';
import { issueRecoveryCodes } from './twoFactor/recoveryCodeStore.ts';
import { newTotpSecret } from './twoFactor/totp.ts';
import { openTotpSecret, sealTotpSecret } from './twoFactor/totpFactor.ts';

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

/**
 * Creates the demo accounts that do not exist yet; running it again changes nothing. The staff
 * account has 2FA on (staff always do): its setup key is returned so `npm start` can print it.
 */
export async function seedDemo(ctx: Pick<AccountContext, 'db' | 'keys' | 'now' | 'config'>): Promise<{ accounts: DemoAccount[]; staffSetupKey: string }> {
  let staffSetupKey = '';
  for (const account of demoAccounts) {
    let user = await ctx.db.user.findUnique({ where: { username: account.username } });
    if (!user) {
      user = await ctx.db.user.create({
        data: { id: newId(), username: account.username, displayName: account.username, email: account.email, passwordHash: await hashPassword(account.password), role: account.role },
      });
    }
    if (account.role !== 'staff') continue;
    const factor = await ctx.db.twoFactor.findUnique({ where: { userId: user.id } });
    if (factor?.enabledAt) {
      staffSetupKey = openTotpSecret(ctx, user.id, factor.totpSecretEnc);
      continue;
    }
    staffSetupKey = newTotpSecret();
    const sealed = sealTotpSecret(ctx, user.id, staffSetupKey);
    const staffId = user.id;
    await ctx.db.$transaction(async (tx) => {
      await tx.twoFactor.upsert({
        where: { userId: staffId },
        create: { userId: staffId, totpSecretEnc: sealed, enabledAt: ctx.now() },
        update: { totpSecretEnc: sealed, enabledAt: ctx.now(), lastUsedStep: null },
      });
      await issueRecoveryCodes(ctx, tx, staffId);
    });
  }
  return { accounts: demoAccounts, staffSetupKey };
}
