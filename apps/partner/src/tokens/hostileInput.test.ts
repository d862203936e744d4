import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpTables } from '@recovery/db';
import { runCodeFlow, signedUpBrowser } from '../testing/oidcFlow.ts';
import { startRecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import type { RecoveryEnvironment } from '../testing/recoveryEnvironment.ts';
import { insertSavedToken, userIdOf } from '../testing/savedTokens.ts';
import { providersUnderTest } from '../testing/testApp.ts';
import { countersignRequest, saveTokenRequest } from './tokenApiSchemas.ts';

/** JSON values of every shape, weighted toward the awkward ones. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.record({ token: fc.oneof(fc.string({ maxLength: 400 }), fc.integer(), fc.constant(null), fc.base64String({ maxLength: 600 })) }),
  fc.record({ tokenId: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }), fc.integer()) }),
  fc.constantFrom(null, 0, -1, 1e308, '', '\u0000', '😀'.repeat(40), [], { token: 'A'.repeat(20_000) }, { tokenId: '0'.repeat(32), extra: 1 }),
);

type Malformed = { kind: 'json'; value: unknown } | { kind: 'broken'; text: string } | { kind: 'type'; type: string } | { kind: 'huge'; size: number } | { kind: 'auth'; header: string };

describe.each(providersUnderTest)('hostile input to the partner token API on %s', (provider) => {
  let env: RecoveryEnvironment;
  let saveToken: string;
  let recoverToken: string;
  let picked: string;

  beforeAll(async () => {
    env = await startRecoveryEnvironment(provider);
    const browser = await signedUpBrowser(env.t, 'fuzzed');
    saveToken = (await runCodeFlow(env.t, env.rp, browser, { scope: 'openid recovery_token.save', login: 'fuzzed' })).accessToken;
    picked = await insertSavedToken(env.t.db, await userIdOf(env.t.db, 'fuzzed'), env.ap, env.t.origin);
    recoverToken = (await runCodeFlow(env.t, env.rp, browser, { scope: 'openid recovery_token.recover', login: 'fuzzed', prompt: 'login', tokenId: picked })).accessToken;
  });
  afterAll(async () => {
    await env?.close();
  });

  const routes = [
    {
      path: '/api/recovery-tokens',
      token: () => saveToken,
      // Any body that is not a strict { token: string } is malformed; a string that is not a
      // valid version-0 token from an allow-listed issuer is refused by the token checks.
      body: junk.filter((value) => {
        const parsed = saveTokenRequest.safeParse(value);
        return !parsed.success || !/^[A-Za-z0-9+/_-]{100,}={0,2}$/.test(parsed.data.token);
      }),
    },
    {
      path: '/api/recovery-tokens/countersign',
      token: () => recoverToken,
      // {} or the picked id would countersign for real: everything else must be refused.
      body: junk.filter((value) => {
        const parsed = countersignRequest.safeParse(value);
        return !parsed.success || (parsed.data.tokenId !== undefined && parsed.data.tokenId !== picked);
      }),
    },
  ];

  it('answers thousands of malformed requests with a 4xx error body and changes nothing', async () => {
    const before = await dumpTables(env.t.db, env.t.config.databaseUrl);
    let sent = 0;
    const runs = provider === 'sqlite' ? 2_600 : 800;
    for (const route of routes) {
      const malformed: fc.Arbitrary<Malformed> = fc.oneof(
        route.body.map((value) => ({ kind: 'json' as const, value })),
        fc.string({ maxLength: 30 }).map((text) => ({ kind: 'broken' as const, text: `{"token":${text}` })),
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml').map((type) => ({ kind: 'type' as const, type })),
        fc.integer({ min: 70_000, max: 300_000 }).map((size) => ({ kind: 'huge' as const, size })),
        fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('Bearer', 'Bearer ', `Basic ${'x'.repeat(20)}`, `Bearer ${'a'.repeat(43)}`)).map((header) => ({ kind: 'auth' as const, header })),
      );
      await fc.assert(
        fc.asyncProperty(malformed, async (bad) => {
          let req = request(env.t.origin)
            .post(route.path)
            .set('Authorization', bad.kind === 'auth' ? bad.header : `Bearer ${route.token()}`);
          if (bad.kind === 'json' || bad.kind === 'auth') req = req.set('Content-Type', 'application/json').send(JSON.stringify(bad.kind === 'json' ? bad.value : { token: 'AAAA' }));
          if (bad.kind === 'broken') req = req.set('Content-Type', 'application/json').send(bad.text);
          if (bad.kind === 'type') req = req.set('Content-Type', bad.type).send('token=AAAA');
          if (bad.kind === 'huge') req = req.set('Content-Type', 'application/json').send(JSON.stringify({ token: 'A'.repeat(bad.size) }));
          const res = await req;
          sent++;
          const context = `${route.path} ${bad.kind} ${res.status}`;
          expect(res.status, context).toBeGreaterThanOrEqual(400);
          expect(res.status, context).toBeLessThan(500);
          expect(typeof res.body?.error?.code, context).toBe('string');
        }),
        { numRuns: runs },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(routes.length * runs);
    expect(await dumpTables(env.t.db, env.t.config.databaseUrl)).toBe(before);
  }, 600_000);
});
