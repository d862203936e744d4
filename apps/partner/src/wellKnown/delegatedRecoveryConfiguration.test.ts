import { inflateSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateP256KeyPair, privateKeyToPem, publicKeyToBase64Spki } from '@recovery/core/token/index';
import { createTestApp, providersUnderTest, testOrigin } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { textOf } from '../testing/testClient.ts';

describe.each(providersUnderTest)('the delegated-recovery configuration on %s', (provider) => {
  const current = generateP256KeyPair().privateKey;
  const previous = generateP256KeyPair().privateKey;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { COUNTERSIGN_PRIVATE_KEYS: `${privateKeyToPem(current)}\n${privateKeyToPem(previous)}`, TOKEN_MAX_SIZE: '4096' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('publishes the issuer, both countersign keys (newest first), the token size and the endpoints', async () => {
    const res = await request(t.app).get('/.well-known/delegated-account-recovery/configuration');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      issuer: testOrigin,
      'countersign-pubkeys-secp256r1': [publicKeyToBase64Spki(current), publicKeyToBase64Spki(previous)],
      'token-max-size': 4096,
      'save-token': `${testOrigin}/delegated-recovery/save-token`,
      'recover-account': `${testOrigin}/delegated-recovery/recover-account`,
      'save-token-async-api-iframe': `${testOrigin}/delegated-recovery/save-token-async-api`,
      'privacy-policy': `${testOrigin}/privacy`,
      'icon-152px': `${testOrigin}/icon-152.png`,
      'oauth-issuer': testOrigin,
      'oauth-save-token-api': `${testOrigin}/api/recovery-tokens`,
      'oauth-countersign-api': `${testOrigin}/api/recovery-tokens/countersign`,
      'display-name': 'Partner',
    });
  });

  it('points each draft endpoint field at an endpoint that speaks the draft (a form POST, not our JSON API)', async () => {
    const res = await request(t.app).get('/.well-known/delegated-account-recovery/configuration');
    const saveToken = new URL(res.body['save-token'] as string);
    const recoverAccount = new URL(res.body['recover-account'] as string);
    const save = await request(t.app).post(saveToken.pathname).type('form').send({ token: 'not-a-token', state: 's' });
    expect(save.status).toBe(400);
    expect(save.headers['content-type']).toMatch(/^text\/html/);
    const recover = await request(t.app).get(`${recoverAccount.pathname}?issuer=${encodeURIComponent('http://localhost:3000')}`);
    expect(recover.status).toBe(303);
    expect(recover.headers.location).toMatch(/^\/sign-in\?return_to=/);
  });

  it('serves a real 152×152 PNG icon', async () => {
    const res = await request(t.app).get('/icon-152.png').buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const png = res.body as Buffer;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([152, 152, 8, 2]);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe((152 * 3 + 1) * 152);
  });

  it('serves the privacy policy it links to', async () => {
    const res = await request(t.app).get('/privacy').set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain('Partner privacy policy');
    expect(textOf(res.text)).toContain('never learn your username');
  });
});
