import type { KeyObject } from 'node:crypto';
import type { AccountConfig } from '@recovery/account/config';
import { issueRecoveryToken, newRecoveryTokenId } from '@recovery/account/recoveryTokens/issueRecoveryToken';
import { countersignToken } from '@recovery/core/token/index';
import type { AccountDb } from '@recovery/db';
import { randomToken, sha256Hex } from '@recovery/http';
import type { LoadScenario } from './loadScenario.ts';
import { csrfTokenFrom, jsonPost } from './requestHelpers.ts';
import type { BenchUser } from './seedAccounts.ts';

export interface VerifyTokenSetup {
  db: AccountDb;
  url: string;
  accountConfig: AccountConfig;
  partnerOrigin: string;
  countersignKey: KeyObject;
  staff: BenchUser;
  /** Accounts whose confirmed tokens the pasted tokens carry. */
  owners: BenchUser[];
}

/**
 * Support's "Verify token": POST /api/support/verify-token by a staff member with 2FA, pasting a
 * countersigned token that passes every check (both signatures, audience, freshness, token
 * known, confirmed, never used, owner). The staff session is written to the database as
 * SessionManager.start would; the tokens are issued for confirmed RecoveryToken rows and
 * countersigned with the partner's key, minutes before the run (the countersignature must be at
 * most five minutes old). The endpoint answers 200 with a report either way, so success = a
 * response whose report says "ok": true.
 */
export async function verifyTokenScenario(setup: VerifyTokenSetup): Promise<LoadScenario> {
  const now = new Date();
  const sid = randomToken(32);
  await setup.db.session.create({
    data: { idHash: sha256Hex(sid), userId: setup.staff.id, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 24 * 3_600_000), ip: '127.0.0.1', userAgent: 'autocannon' },
  });
  const csrfToken = await csrfTokenFrom(setup.url, sid);
  const issuer = { config: setup.accountConfig, now: () => new Date() };
  const rows = setup.owners.map((owner) => ({ id: newRecoveryTokenId(), userId: owner.id }));
  await setup.db.recoveryToken.createMany({
    data: rows.map((row) => ({ id: row.id, userId: row.userId, partner: setup.partnerOrigin, partnerSubject: `bench-${row.userId}`, state: 'confirmed', createdAt: now, confirmedAt: now })),
  });
  const tokens = rows.map((row) =>
    countersignToken({ innerToken: issueRecoveryToken(issuer, row.userId, setup.partnerOrigin, row.id), issuer: setup.partnerOrigin, audience: setup.accountConfig.publicOrigin }, setup.countersignKey),
  );
  let next = 0;
  let passed = 0;
  return {
    id: 'token_verify',
    label: 'support: verify countersigned token',
    url: setup.url,
    requests: [
      {
        setupRequest: (request) => jsonPost(request, '/api/support/verify-token', { token: tokens[next++ % tokens.length]! }, { sid }, csrfToken),
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"ok":true')) passed++;
        },
      },
    ],
    successes: async () => passed,
    exhausted: () => false,
  };
}
