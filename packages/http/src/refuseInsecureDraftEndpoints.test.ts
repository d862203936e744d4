import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { refuseInsecureDraftEndpoints } from './refuseInsecureDraftEndpoints.ts';

function app(publicOrigin: string) {
  const a = express();
  a.set('trust proxy', 'loopback');
  a.use(refuseInsecureDraftEndpoints(publicOrigin, ['/.well-known/delegated-account-recovery/configuration']));
  a.get('/.well-known/delegated-account-recovery/configuration', (_req, res) => res.json({ issuer: publicOrigin }));
  a.get('/other', (_req, res) => res.send('ok'));
  return a;
}

describe('refuseInsecureDraftEndpoints', () => {
  it('answers 401 with an empty body over plain http when the service is published over https, and never redirects', async () => {
    const res = await request(app('https://localhost:3443')).get('/.well-known/delegated-account-recovery/configuration');
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
    expect(res.headers.location).toBeUndefined();
    expect((await request(app('https://localhost:3443')).get('/other')).status).toBe(200);
  });

  it('serves it over https, including behind a trusted TLS terminator, and over http when published over http', async () => {
    const viaTerminator = await request(app('https://localhost:3443')).get('/.well-known/delegated-account-recovery/configuration').set('X-Forwarded-Proto', 'https');
    expect(viaTerminator.status).toBe(200);
    expect((await request(app('http://localhost:3000')).get('/.well-known/delegated-account-recovery/configuration')).status).toBe(200);
  });
});
