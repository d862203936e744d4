import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import { errorHandler, notFoundHandler } from './errorHandler.ts';
import { jsonBody } from './jsonBody.ts';
import { createLogger } from './logger.ts';
import { parseInput } from './validate.ts';

function app(logger = createLogger('test', 'silent')) {
  const a = express();
  a.use(jsonBody('1kb'));
  a.post('/echo', (req, res) => {
    res.json(parseInput(z.strictObject({ name: z.string().max(5) }), req.body));
  });
  a.get('/limited', () => {
    throw new AppError('rate_limited', 'Slow down', { retryAfter: 42.2 });
  });
  a.get('/partner-down', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    throw new AppError('unavailable', 'The partner cannot be reached', { retryAfter: 60, cause: new Error('fetch failed', { cause: refused }) });
  });
  a.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  a.use(notFoundHandler);
  a.use(errorHandler(logger));
  return a;
}

describe('errorHandler', () => {
  it('maps validation errors to 400 with the bad fields', async () => {
    const res = await request(app()).post('/echo').send({ name: 'too long', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['name', 'request']);
  });

  it('maps body-parser failures: bad JSON 400, too large 413, wrong type 415', async () => {
    expect((await request(app()).post('/echo').set('Content-Type', 'application/json').send('{"name":')).body.error.code).toBe('invalid_json');
    const big = await request(app()).post('/echo').send({ name: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    const form = await request(app()).post('/echo').type('form').send('name=x');
    expect(form.status).toBe(415);
  });

  it('sends Retry-After for rate limits, rounded up', async () => {
    const res = await request(app()).get('/limited');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('43');
  });

  it('answers an expected outage (a 5xx with Retry-After) 503 with Retry-After, logged as a warning without a stack', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const res = await request(app(logger)).get('/partner-down');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body.error.code).toBe('unavailable');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, errorCode: 'unavailable', reason: 'fetch failed: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)', path: '/partner-down' });
    expect(JSON.stringify(lines[0])).not.toContain('stack');
    expect(lines[0]).not.toHaveProperty('err');
  });

  it('logs an unexpected error at error level with its stack', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    expect((await request(app(logger)).get('/boom')).status).toBe(500);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'request failed' });
    expect(JSON.stringify(lines[0])).toContain('stack');
  });

  it('answers unexpected errors with a plain 500 that leaks nothing', async () => {
    const res = await request(app()).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side' } });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers unknown routes with 404 not_found', async () => {
    const res = await request(app()).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
