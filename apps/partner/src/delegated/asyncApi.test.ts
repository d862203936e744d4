import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';

const KEY = 'delegated-account-recovery-api-message';
const ap = 'https://accounts.example';
const script = readFileSync(new URL('../static/save-token-async-api.js', import.meta.url), 'utf8');

/** The page's script in a window framed by `parentOrigin`'s page: what it posts and submits. */
function framedScript(providers: string) {
  const posted: { message: Record<string, unknown>; origin: string }[] = [];
  const parent = { postMessage: (message: Record<string, unknown>, origin: string) => posted.push({ message, origin }) };
  const listeners: ((event: unknown) => void)[] = [];
  class FakeForm {
    dataset = { accountProviders: providers };
    fields: Record<string, string> = {};
    submitted = false;
    replaceChildren(): void {
      this.fields = {};
    }
    append(input: { name: string; value: string }): void {
      this.fields[input.name] = input.value;
    }
    submit(): void {
      this.submitted = true;
    }
  }
  const form = new FakeForm();
  const window = { parent, addEventListener: (_type: string, listener: (event: unknown) => void) => listeners.push(listener) };
  const document = { getElementById: (id: string) => (id === 'save-token' ? form : null), createElement: () => ({}) };
  runInNewContext(script, { window, document, HTMLFormElement: FakeForm });
  const send = (origin: string, data: unknown, source: unknown = parent) => {
    for (const listener of listeners) listener({ origin, data, source });
  };
  return { posted, form, send, parent };
}

describe('the save-token async API page (draft §3.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ALLOWED_TOKEN_ISSUERS: `${ap},http://localhost:3000` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is published, may be framed by the accepted account providers only, and every other page still refuses framing', async () => {
    const configuration = await request(t.app).get('/.well-known/delegated-account-recovery/configuration');
    const url = new URL(configuration.body['save-token-async-api-iframe'] as string);
    const page = await request(t.app).get(url.pathname);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain(`frame-ancestors ${ap} http://localhost:3000;`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<script src="/static/save-token-async-api.js" defer></script>');
    expect(page.text).toContain(`data-account-providers="${ap} http://localhost:3000"`);
    for (const other of ['/sign-in', '/delegated-recovery/save-token/confirm', '/.well-known/delegated-account-recovery/configuration']) {
      const res = await request(t.app).get(other);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    expect((await request(t.app).get('/static/save-token-async-api.js')).status).toBe(200);
  });

  it('says ready, answers get-binding with the empty binding, never saves silently, and ignores other origins', () => {
    const frame = framedScript(`${ap} http://localhost:3000`);
    // "ready" goes to every accepted origin; the browser delivers only the one matching the parent.
    expect(frame.posted).toEqual([
      { message: { [KEY]: 'ready' }, origin: ap },
      { message: { [KEY]: 'ready' }, origin: 'http://localhost:3000' },
    ]);
    frame.posted.length = 0;
    frame.send(ap, { [KEY]: 'get-binding', id: 7 });
    frame.send(ap, { [KEY]: 'save-token-no-navigation', token: 'AAAA', id: 'n' });
    frame.send(ap, { [KEY]: 'save-token-async-only', token: 'AAAA' });
    expect(frame.posted).toEqual([
      { message: { [KEY]: 'binding', binding: '', 'in-reply-to': 7 }, origin: ap },
      { message: { [KEY]: 'save-token-result', result: 'save-token-failure', 'in-reply-to': 'n' }, origin: ap },
      { message: { [KEY]: 'save-token-result', result: 'done' }, origin: ap },
    ]);
    expect(frame.form.submitted).toBe(false);

    frame.posted.length = 0;
    frame.send('https://evil.example', { [KEY]: 'get-binding' });
    frame.send(ap, { [KEY]: 'get-binding' }, { postMessage: () => undefined });
    frame.send('https://evil.example', { [KEY]: 'save-token', token: 'AAAA' });
    expect(frame.posted).toEqual([]);
    expect(frame.form.submitted).toBe(false);
  });

  it('save-token continues in the top window at save-token with token, state and obsoletes', () => {
    const frame = framedScript(ap);
    frame.send(ap, { [KEY]: 'save-token', token: 'AAAA', state: 's1', obsoletes: 'ab'.repeat(16), login_hint: 'x' });
    expect(frame.form.submitted).toBe(true);
    expect(frame.form.fields).toEqual({ token: 'AAAA', state: 's1', obsoletes: 'ab'.repeat(16) });
  });
});
