import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor } from '../testing/twoFactorHelpers.ts';
import { HttpSmsGateway } from './httpSmsGateway.ts';

interface Received {
  authorization: string | undefined;
  body: { to: string; body: string };
}

/** A fake SMS gateway on loopback that records what it is sent. */
function fakeGateway(status = 202): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      received.push({ authorization: req.headers.authorization, body: JSON.parse(data) as Received['body'] });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`, received })),
  );
}

describe('the HTTP SMS gateway transport', () => {
  let gateway: Awaited<ReturnType<typeof fakeGateway>>;
  beforeAll(async () => {
    gateway = await fakeGateway();
  });
  afterAll(() => {
    gateway.server.close();
  });

  it('posts the number and text with the bearer token', async () => {
    await new HttpSmsGateway(gateway.url, 'secret-token').send({ channel: 'sms', to: '+31612345678', subject: 's', body: '123456 is your code' });
    expect(gateway.received.at(-1)).toEqual({ authorization: 'Bearer secret-token', body: { to: '+31612345678', body: '123456 is your code' } });
  });

  it('fails loudly when the gateway refuses', async () => {
    const refusing = await fakeGateway(500);
    try {
      await expect(new HttpSmsGateway(refusing.url, undefined).send({ channel: 'sms', to: '+1', subject: '', body: '' })).rejects.toThrow('500');
    } finally {
      refusing.server.close();
    }
  });

  it('is what the account service uses for texts when SMS_GATEWAY_URL is set (email still goes to the outbox)', async () => {
    const t = await createTestApp('sqlite', { SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: 'gw-token' });
    try {
      const client = new TestClient(t.app);
      await client.signUp('gatewayed');
      await enableTwoFactorFor(t, client);
      const res = await client.post('/api/fallback-sms', { country: 'GB', phoneNumber: '07400 123456' });
      expect(res.status).toBe(200);
      const sms = gateway.received.at(-1)!;
      expect(sms.body.to).toBe('+447400123456');
      expect(sms.authorization).toBe('Bearer gw-token');
      expect(await t.db.outboxMessage.count({ where: { channel: 'sms' } })).toBe(0);
      const code = sms.body.body.slice(0, 6);
      expect((await client.post('/api/fallback-sms/confirm', { code })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
