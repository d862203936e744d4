import request from 'supertest';
import { generateP256KeyPair, privateKeyToPem } from '@recovery/core/token/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

describe.each(providersUnderTest)('email on a sign-in from an unseen browser on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  const newSignInMails = () => t.db.outboxMessage.count({ where: { recipient: 'traveller@example.com', subject: 'New sign-in to your account' } });

  it('emails once per new browser, never for the browser that signed up', async () => {
    const home = new TestClient(t.app, 'HomeBrowser/1.0');
    await home.signUp('traveller');
    await home.post('/api/auth/sign-out');
    await home.signIn('traveller');
    expect(await newSignInMails()).toBe(0);

    const cafe = new TestClient(t.app, 'CafeBrowser/9.9');
    await cafe.signIn('traveller');
    expect(await newSignInMails()).toBe(1);
    await cafe.post('/api/auth/sign-out');
    await cafe.signIn('traveller');
    expect(await newSignInMails()).toBe(1);

    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { subject: 'New sign-in to your account' } });
    expect(mail.body).toContain('CafeBrowser/9.9');
  });

  it('shows the outbox as JSON and as a page outside production', async () => {
    const json = await request(t.app).get('/dev/outbox?format=json');
    expect(json.status).toBe(200);
    expect(json.body.messages[0]).toMatchObject({ channel: 'email', to: 'traveller@example.com' });
    const page = await request(t.app).get('/dev/outbox').set('Accept', 'text/html');
    expect(page.text).toContain('<h1>Outbox</h1>');
    expect(page.text).toContain('New sign-in to your account');
  });
});

describe('the outbox in production', () => {
  it('is not served', async () => {
    const t = await createTestApp('sqlite', {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://accounts.example.com',
      TOKEN_SIGNING_KEYS: privateKeyToPem(generateP256KeyPair().privateKey),
      SMTP_URL: 'smtp://127.0.0.1:1',
      SMS_GATEWAY_URL: 'http://127.0.0.1:1/sms',
    });
    try {
      expect((await request(t.app).get('/dev/outbox?format=json')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
