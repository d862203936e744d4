import { randomBytes } from 'node:crypto';
import type { AccountContext } from '@recovery/account/context';
import { newTotpSecret, totpFor } from '@recovery/account/twoFactor/totp';
import { sealTotpSecret, totpIssuer } from '@recovery/account/twoFactor/totpFactor';
import { issueRecoveryCodes } from '@recovery/account/twoFactor/recoveryCodeStore';
import { newId } from '@recovery/core/ids';
import { hashPassword, hmacHex } from '@recovery/http';

export type Totp = ReturnType<typeof totpFor>;

export interface BenchUser {
  id: string;
  username: string;
  /** The `device_id` cookie of a browser this user has signed in from before. */
  deviceId: string;
}

export interface TotpUser extends BenchUser {
  totp: Totp;
}

export interface RecoveryCodeUser extends BenchUser {
  codes: string[];
}

export interface SeededAccounts {
  password: string;
  signIn: BenchUser[];
  totp: TotpUser[];
  recoveryCode: RecoveryCodeUser[];
  staff: BenchUser;
}

export interface SeedSizes {
  signInUsers: number;
  totpUsers: number;
  recoveryCodeUsers: number;
}

const batch = 500;

async function inBatches<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < rows.length; at += batch) await write(rows.slice(at, at + batch));
}

/** Runs `work` over `items`, `width` at a time (the PostgreSQL pool has room for a few). */
async function eachLimited<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * Writes the accounts the scenarios use straight into the account database, with the service's
 * own keys and helpers (sealTotpSecret, issueRecoveryCodes), so the rows are exactly what the
 * service would have written itself. Every user shares one argon2id hash (hashing thousands
 * would take minutes and change nothing measured) and has a known browser, so sign-ins take
 * the everyday path (no "new sign-in" email).
 */
export async function seedAccounts(ctx: Pick<AccountContext, 'db' | 'keys' | 'now' | 'config'>, sizes: SeedSizes): Promise<SeededAccounts> {
  const password = 'bench password, long enough';
  const passwordHash = await hashPassword(password);
  const now = ctx.now();
  const make = (prefix: string, count: number): BenchUser[] =>
    Array.from({ length: count }, (_, i) => ({ id: newId(now.getTime()), username: `${prefix}${i}`, deviceId: randomBytes(18).toString('base64url') }));
  const signIn = make('signin', sizes.signInUsers);
  const totpBase = make('totp', sizes.totpUsers);
  const codeBase = make('codes', sizes.recoveryCodeUsers);
  const [staff] = make('staff', 1);
  if (!staff) throw new Error('no staff user');
  const everyone = [...signIn, ...totpBase, ...codeBase, staff];

  await inBatches(everyone, (chunk) =>
    ctx.db.user.createMany({
      data: chunk.map((u) => ({ id: u.id, username: u.username, displayName: u.username, email: `${u.username}@bench.example`, passwordHash, role: u === staff ? 'staff' : 'user', createdAt: now, updatedAt: now })),
    }),
  );
  await inBatches(everyone, (chunk) =>
    ctx.db.knownDevice.createMany({
      data: chunk.map((u) => ({ userId: u.id, deviceHash: hmacHex(ctx.keys.deviceHash, u.deviceId), userAgent: 'autocannon', firstSeenAt: now, lastSeenAt: now })),
    }),
  );

  // Authenticator factor: a seed per user, sealed as totpFactor.ts does, already enabled.
  const issuer = totpIssuer(ctx);
  const withSecrets = [...totpBase, ...codeBase, staff].map((u) => ({ user: u, secret: newTotpSecret() }));
  await inBatches(withSecrets, (chunk) =>
    ctx.db.twoFactor.createMany({
      data: chunk.map(({ user, secret }) => ({ userId: user.id, totpSecretEnc: sealTotpSecret(ctx, user.id, secret), enabledAt: now, createdAt: now })),
    }),
  );
  const totpOf = new Map(withSecrets.map(({ user, secret }) => [user.id, totpFor(secret, issuer, user.id)]));
  const totp = totpBase.map((u) => ({ ...u, totp: totpOf.get(u.id)! }));

  const recoveryCode: RecoveryCodeUser[] = codeBase.map((u) => ({ ...u, codes: [] }));
  await eachLimited(recoveryCode, 4, async (u) => {
    u.codes = (await ctx.db.$transaction((tx) => issueRecoveryCodes(ctx, tx, u.id))).codes;
  });
  return { password, signIn, totp, recoveryCode, staff };
}
