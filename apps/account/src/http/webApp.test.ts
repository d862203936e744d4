import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';

/** A dist directory shaped like Vite's: index.html, hashed assets, and a source map. */
function fixtureDist(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'web-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>`);
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js'), script);
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.map'), '{"version":3,"sources":["secret.tsx"]}');
  writeFileSync(path.join(dir, 'assets/logo-Ef56Gh78.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]));
  writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\n');
  mkdirSync(path.join(dir, '.vite'));
  writeFileSync(path.join(dir, '.vite/manifest.json'), '{"src/main.tsx":{}}');
  return dir;
}

const script = `export function page(){return ${JSON.stringify('Sign in '.repeat(2000))}}\n`;

describe('the built web UI', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = fixtureDist();
    t = await createTestApp('sqlite', { WEB_DIST: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends hashed assets brotli-compressed, cached for a year', async () => {
    const res = await request(t.app).get('/assets/index-Ab12Cd34.js').set('Accept-Encoding', 'br, gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(res.headers['content-length'])).toBeLessThan(script.length / 10);
    expect(res.text).toBe(script);
  });

  it('falls back to gzip, and to plain text for a client that accepts neither', async () => {
    const gzipped = await request(t.app).get('/assets/index-Ab12Cd34.js').set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.text).toBe(script);
    const plain = await request(t.app).get('/assets/index-Ab12Cd34.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.text).toBe(script);
  });

  it('serves index.html for client-side routes, compressed and never cached unrevalidated', async () => {
    for (const url of ['/', '/sign-in', '/settings/security', '/index.html']) {
      const res = await request(t.app).get(url).set('Accept-Encoding', 'gzip');
      expect(res.status, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root">');
    }
  });

  it('answers a revalidation of index.html with 304', async () => {
    const first = await request(t.app).get('/sign-in').set('Accept-Encoding', 'br');
    const etag = first.headers.etag;
    expect(etag).toBeDefined();
    const again = await request(t.app).get('/sign-in').set('Accept-Encoding', 'br').set('If-None-Match', String(etag));
    expect(again.status).toBe(304);
  });

  it('never serves source maps or the build manifest', async () => {
    for (const url of ['/assets/index-Ab12Cd34.js.map', '/index-Ab12Cd34.js.map', '/.vite/manifest.json']) {
      const res = await request(t.app).get(url);
      expect(res.status, url).toBe(404);
      expect(res.text).not.toContain('secret.tsx');
      expect(res.text).not.toContain('main.tsx');
    }
  });

  it('leaves images uncompressed and answers a missing chunk with 404, not the page', async () => {
    const image = await request(t.app).get('/assets/logo-Ef56Gh78.png').set('Accept-Encoding', 'br');
    expect(image.status).toBe(200);
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(t.app).get('/assets/index-Old00000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/json/);
  });

  it('revalidates unhashed files and keeps the API out of the UI', async () => {
    const robots = await request(t.app).get('/robots.txt');
    expect(robots.headers['cache-control']).toBe('no-cache');
    const api = await request(t.app).get('/api/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBeDefined();
  });

  it('does not reach outside the build directory', async () => {
    const res = await request(t.app).get('/assets/..%2f..%2fetc%2fpasswd');
    expect(res.status).toBe(404);
  });
});
