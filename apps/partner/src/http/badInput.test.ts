import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

describe.each(providersUnderTest)('bad input to the partner on %s', (provider) => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(provider);
    client = new TestClient(t.app);
    await client.get('/sign-up');
  });
  afterAll(async () => {
    await t.close();
  });

  /** A raw POST carrying a valid CSRF cookie and field, so only the body itself is wrong. */
  const raw = (path: string, body: string, type = 'application/x-www-form-urlencoded') =>
    client.agent.post(path).set('Accept', 'application/json').set('Content-Type', type).send(body);
  const csrf = () => `_csrf=${encodeURIComponent(client.csrfToken)}`;

  it.each([
    ['a repeated field', 'username=a&username=b&email=x%40example.com&password=a+long+enough+password'],
    ['missing fields', ''],
    ['oversized strings', `username=${'a'.repeat(5000)}&email=s%40example.com&password=a+long+enough+password`],
    ['bad unicode and control characters', 'username=admin%E2%80%AE&email=%EF%BD%93%40example.com&password=%00%00%00%00%00%00%00%00'],
    ['broken percent-encoding', 'username=%E0%A4%A&email=%ZZ&password=%'],
    ['nested keys', 'username[a]=x&email[]=y&password[0]=z'],
  ])('answers %s on sign-up with 400 and creates nothing', async (_name, body) => {
    const res = await raw('/sign-up', `${csrf()}&${body}`);
    expect(res.status).toBe(400);
    expect(await t.db.partnerUser.count()).toBe(0);
  });

  it('answers bad sign-in bodies with 400, not 401 or 500', async () => {
    for (const body of ['login=&password=', 'login=a&login=b&password=x', `login=${'x'.repeat(300)}&password=y`, `login=x&password=${'y'.repeat(300)}`]) {
      expect((await raw('/sign-in', `${csrf()}&${body}`)).status).toBe(400);
    }
    expect(await t.db.partnerSession.count()).toBe(0);
  });

  it('answers a body over 16kb with 413', async () => {
    const res = await raw('/sign-in', `${csrf()}&login=x&password=${'y'.repeat(20_000)}`);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers too many fields with 400', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `f${i}=1`).join('&');
    const res = await raw('/sign-up', `${csrf()}&${many}`);
    expect(res.status).toBe(400);
  });

  it('answers JSON, text, multipart or an odd charset with 415', async () => {
    const json = await raw('/sign-in', JSON.stringify({ login: 'x', password: 'y', _csrf: client.csrfToken }), 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('unsupported_media_type');
    expect((await raw('/sign-in', 'login=x', 'text/plain')).status).toBe(415);
    expect((await raw('/sign-in', '--b\r\n\r\n--b--', 'multipart/form-data; boundary=b')).status).toBe(415);
    expect((await raw('/sign-in', `${csrf()}&login=x&password=y`, 'application/x-www-form-urlencoded; charset=utf-16')).status).toBe(415);
    expect(await t.db.partnerSession.count()).toBe(0);
  });

  it('answers a gzip body that is not gzip with 4xx', async () => {
    const res = await client.agent
      .post('/sign-in')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('Content-Encoding', 'gzip')
      .send('login=x&password=y');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('answers odd query strings on pages without failing', async () => {
    for (const path of ['/sign-in?return_to[]=/a', '/sign-in?return_to=%', '/sign-up?return_to=/a&return_to=/b', '/?x=%E0%A4%A']) {
      const res = await request(t.app).get(path);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('answers unknown routes and methods with 404: a page for browsers, JSON for machines', async () => {
    const page = await request(t.app).get('/nothing-here').set('Accept', 'text/html');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Page not found');
    const json = await request(t.app).get('/nothing-here').set('Accept', 'application/json');
    expect(json.status).toBe(404);
    expect(json.body.error.code).toBe('not_found');
    expect((await request(t.app).get('/api/nothing').set('Accept', 'text/html')).body.error.code).toBe('not_found');
    expect((await request(t.app).put('/sign-in')).status).toBe(404);
    expect((await request(t.app).delete('/')).status).toBe(404);
    expect((await request(t.app).get('/static/missing.css')).status).toBe(404);
    expect((await request(t.app).get('/static/../config.ts')).status).toBe(404);
  });

  it('reports that the process is alive', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'partner', instance: expect.any(String) });
  });
});
