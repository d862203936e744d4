import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOperations } from '@recovery/core/api/index';
import type { Operation } from '@recovery/core/api/index';
import { setStaffRole } from '../staff/setStaffRole.ts';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { dumpTables } from '@recovery/db';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';

/** Request bodies of every shape JSON allows, weighted toward the awkward ones. */
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  fc.constantFrom(null, true, 0, -1, 1e308, -1e308, 2 ** 53 + 1, '', '\u0000', '\u202e', '😀'.repeat(50), [], {}, { __proto__: { admin: true } }),
  fc.record({ code: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), password: fc.oneof(fc.integer(), fc.array(fc.string())), method: fc.string() }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What can be wrong with a request besides its JSON value. */
type Malformed =
  | { kind: 'json'; value: unknown }
  | { kind: 'broken-json'; text: string }
  | { kind: 'content-type'; type: string }
  | { kind: 'huge'; size: number }
  | { kind: 'query'; query: Record<string, string> }
  | { kind: 'param'; value: string };

/** The malformed requests an operation can receive, or null when it takes no input at all (plain GETs). */
function malformedFor(operation: Operation): fc.Arbitrary<Malformed> | null {
  const options: fc.Arbitrary<Malformed>[] = [];
  if (operation.body) {
    const schema = operation.body;
    options.push(junkValue.filter((value) => !schema.safeParse(value).success).map((value) => ({ kind: 'json' as const, value })));
  }
  if (operation.method !== 'get') {
    options.push(
      fc
        .string({ maxLength: 40 })
        .map((text) => `{"a":${text}`)
        .filter((text) => !parsesAsJson(text))
        .map((text) => ({ kind: 'broken-json' as const, text })),
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml').map((type) => ({ kind: 'content-type' as const, type })),
      fc.integer({ min: 70_000, max: 400_000 }).map((size) => ({ kind: 'huge' as const, size })),
    );
  }
  if (operation.query) {
    const schema = operation.query;
    options.push(
      fc
        .dictionary(fc.constantFrom('limit', 'cursor', 'format', 'status', 'x'), fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('-1', '1e400', 'NaN', '0', '101', 'csvx', 'PENDING')), { minKeys: 1, maxKeys: 3 })
        .filter((query) => !schema.safeParse(query).success)
        .map((query) => ({ kind: 'query' as const, query })),
    );
  }
  if (operation.params) {
    options.push(fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.constantFrom('..', '%00', 'a'.repeat(5000), 'Z'.repeat(26).toLowerCase())).filter((v) => !operation.params!.safeParse({ id: v }).success).map((value) => ({ kind: 'param' as const, value })));
  }
  return options.length > 0 ? fc.oneof(...options) : null;
}

describe.each(providersUnderTest)('hostile input to every API operation on %s', (provider) => {
  let t: TestApp;
  let user: TestClient;
  let staff: TestClient;
  beforeAll(async () => {
    t = await createTestApp(provider);
    user = new TestClient(t.app, 'Fuzzer/1.0');
    await user.signUp('fuzz-user');
    await enableTwoFactorFor(t, user);
    staff = new TestClient(t.app, 'FuzzStaff/1.0');
    await staff.signUp('fuzz-staff');
    await enableTwoFactorFor(t, staff);
    await setStaffRole(t.db, 'fuzz-staff', true);
    await staff.post('/api/sudo', { password });
    await user.post('/api/sudo', { password });
    // Frozen from here on: no session is touched, nothing expires, the dump can stay identical.
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers thousands of malformed requests with a 4xx error body and changes nothing', async () => {
    const before = await dumpTables(t.db, t.config.databaseUrl);
    const operations = (Object.values(accountOperations) as Operation[]).filter((operation) => malformedFor(operation) !== null);
    const runsPerOperation = Math.ceil((provider === 'sqlite' ? 5_200 : 1_500) / operations.length);
    let sent = 0;
    for (const operation of operations) {
      const client = operation.access === 'staff' || operation.access === 'staffSudo' ? staff : user;
      await fc.assert(
        fc.asyncProperty(malformedFor(operation)!, async (bad) => {
          const id = bad.kind === 'param' ? encodeURIComponent(bad.value) : '01HZZZZZZZZZZZZZZZZZZZZZZZ';
          const path = operation.path.replace(':id', id);
          let req = client.agent[operation.method](path).set('X-CSRF-Token', client.csrfToken).set('User-Agent', 'Fuzzer/1.0');
          if (bad.kind === 'query') req = req.query(bad.query);
          if (bad.kind === 'json') req = req.set('Content-Type', 'application/json').send(JSON.stringify(bad.value));
          if (bad.kind === 'broken-json') req = req.set('Content-Type', 'application/json').send(bad.text);
          if (bad.kind === 'content-type') req = req.set('Content-Type', bad.type).send('a=1&b=2');
          if (bad.kind === 'huge') req = req.set('Content-Type', 'application/json').send(JSON.stringify({ blob: 'x'.repeat(bad.size) }));
          const res = await req;
          sent++;
          const context = `${operation.method.toUpperCase()} ${path} ${bad.kind}`;
          expect(res.status, context).toBeGreaterThanOrEqual(400);
          expect(res.status, context).toBeLessThan(500);
          expect(typeof res.body?.error?.code, context).toBe('string');
          expect(typeof res.body?.error?.message, context).toBe('string');
        }),
        { numRuns: runsPerOperation },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(provider === 'sqlite' ? 5_000 : 1_400);
    expect(await dumpTables(t.db, t.config.databaseUrl)).toBe(before);
  }, 600_000);
});
