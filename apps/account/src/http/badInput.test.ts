import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

describe.each(providersUnderTest)('bad input on %s', (provider) => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(provider);
    client = new TestClient(t.app);
    await client.get('/api/session');
  });
  afterAll(async () => {
    await t.close();
  });

  const raw = (path: string, as = client) => as.agent.post(path).set('X-CSRF-Token', as.csrfToken);

  it.each([
    ['wrong types', { username: 42, email: ['x'], password: null }],
    ['missing fields', {}],
    ['extra fields', { username: 'someone', email: 's@example.com', password: 'a long enough password', role: 'staff' }],
    ['oversized strings', { username: 'a'.repeat(5000), email: 's@example.com', password: 'a long enough password' }],
    ['unicode trickery', { username: 'admin\u202e', email: 'ｓ@example.com', password: '\u0000'.repeat(8) }],
    ['an array body', [1, 2, 3]],
    ['a string body', 'hello'],
  ])('answers %s with 400 validation_failed and creates nothing', async (_name, body) => {
    const res = await raw('/api/auth/sign-up').set('Content-Type', 'application/json').send(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(['validation_failed', 'invalid_json']).toContain(res.body.error.code);
    expect(typeof res.body.error.message).toBe('string');
    expect(await t.db.user.count()).toBe(0);
  });

  it('names each bad field', async () => {
    const res = await raw('/api/auth/sign-up').send({ username: '-bad-', email: 'nope', password: 'short' });
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'password', 'username']);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await raw('/api/auth/sign-in').set('Content-Type', 'application/json').send('{"login": "x", ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('answers a huge body with 413', async () => {
    const res = await raw('/api/auth/sign-in').set('Content-Type', 'application/json').send(JSON.stringify({ login: 'x', password: 'y'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers a form or text body with 415', async () => {
    const form = await raw('/api/auth/sign-in').type('form').send('login=x&password=y');
    expect(form.status).toBe(415);
    const text = await raw('/api/auth/sign-in').set('Content-Type', 'text/plain').send('login');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
  });

  it('refuses a body sent to an operation that takes none, and does nothing', async () => {
    const member = new TestClient(t.app);
    await member.signUp('no-body-member');
    const stray = await raw('/api/auth/sign-out', member).set('Content-Type', 'application/json').send('{"a":0}');
    expect(stray.status).toBe(400);
    expect(stray.body.error.code).toBe('validation_failed');
    expect((await member.get('/api/session')).body.user?.username).toBe('no-body-member');
    const empty = await raw('/api/auth/sign-out', member).set('Content-Type', 'application/json').send('{}');
    expect(empty.status).toBe(204);
    expect((await member.get('/api/session')).body.user).toBeNull();
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await client.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('serves health and the OpenAPI document for every operation', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok', service: 'account', instance: expect.any(String) });
    const doc = await request(t.app).get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/sign-up', '/api/auth/sign-in', '/api/security-log']));
  });
});
