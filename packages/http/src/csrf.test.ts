import { randomBytes } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CsrfProtection } from './csrf.ts';
import { errorHandler } from './errorHandler.ts';
import { createLogger } from './logger.ts';

describe('CsrfProtection', () => {
  const csrf = new CsrfProtection({ key: randomBytes(32), allowedOrigins: ['http://localhost:3000'], secureCookies: false });

  function app(binding: string) {
    const a = express();
    a.get('/token', (_req, res) => {
      res.json({ token: csrf.issue(res, binding) });
    });
    a.use(csrf.middleware(() => binding));
    a.post('/change', (_req, res) => {
      res.json({ changed: true });
    });
    a.use(errorHandler(createLogger('test', 'silent')));
    return a;
  }

  it('binds tokens to the session they were issued for', () => {
    const res = { cookie: () => undefined } as unknown as express.Response;
    const token = csrf.issue(res, 'session-a');
    expect(csrf.isValid(token, 'session-a')).toBe(true);
    expect(csrf.isValid(token, 'session-b')).toBe(false);
    expect(csrf.isValid(token.replace(/.$/, (c) => (c === '0' ? '1' : '0')), 'session-a')).toBe(false);
    expect(csrf.isValid(undefined, 'session-a')).toBe(false);
    expect(csrf.isValid('x'.repeat(500), 'session-a')).toBe(false);
  });

  it('lets a safe method through and requires header = cookie = valid token for a state change', async () => {
    const a = app('s1');
    const issued = await request(a).get('/token');
    const token = issued.body.token as string;
    const cookie = `csrf_token=${token}`;
    expect((await request(a).post('/change').set('Cookie', cookie).set('X-CSRF-Token', token)).status).toBe(200);
    expect((await request(a).post('/change').set('Cookie', cookie)).status).toBe(403);
    expect((await request(a).post('/change').set('X-CSRF-Token', token)).status).toBe(403);
    expect((await request(a).post('/change').set('Cookie', cookie).set('X-CSRF-Token', token).set('Origin', 'https://evil.example')).status).toBe(403);
    expect((await request(a).post('/change').set('Cookie', cookie).set('X-CSRF-Token', token).set('Origin', 'null')).status).toBe(403);
    expect((await request(a).post('/change').set('Cookie', cookie).set('X-CSRF-Token', token).set('Origin', 'http://localhost:3000')).status).toBe(200);
    const other = await request(app('s2')).get('/token');
    const foreign = other.body.token as string;
    expect((await request(a).post('/change').set('Cookie', `csrf_token=${foreign}`).set('X-CSRF-Token', foreign)).status).toBe(403);
  });
});
