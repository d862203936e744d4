import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { partnerDeviceHash, rememberBrowser } from './knownBrowser.ts';

const key = Buffer.alloc(32, 7);
const at = (publicOrigin: string) => ({ config: { publicOrigin } as never, deviceHashKey: key, now: () => new Date('2026-01-01T00:00:00Z') });
const requestWith = (cookie?: string) => ({ headers: cookie ? { cookie } : {} }) as Request;

function capture(): { res: Response; set: { name: string; options: Record<string, unknown> }[] } {
  const set: { name: string; options: Record<string, unknown> }[] = [];
  const res = { cookie: (name: string, _value: string, options: Record<string, unknown>) => set.push({ name, options }) } as unknown as Response;
  return { res, set };
}

describe('the partner\'s device cookie', () => {
  it('is __Host-partner_device_id under https: Secure, host-only, path /, HttpOnly, a year', () => {
    const { res, set } = capture();
    rememberBrowser(at('https://partner.example'), requestWith(), 'u1').setCookie(res);
    expect(set).toEqual([{ name: '__Host-partner_device_id', options: expect.objectContaining({ secure: true, httpOnly: true, path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3_600_000 }) }]);
    expect(set[0]!.options).not.toHaveProperty('domain');
  });

  it('under https, reads only the prefixed cookie as current and re-issues a bare one under the prefix', () => {
    const ctx = at('https://partner.example');
    expect(partnerDeviceHash(ctx, requestWith('__Host-partner_device_id=abc'))).toMatch(/^[0-9a-f]{64}$/);
    const { res, set } = capture();
    rememberBrowser(ctx, requestWith('partner_device_id=abc'), 'u1').setCookie(res);
    expect(set.map((c) => c.name)).toEqual(['__Host-partner_device_id']);
    const kept = capture();
    rememberBrowser(ctx, requestWith('__Host-partner_device_id=abc'), 'u1').setCookie(kept.res);
    expect(kept.set).toEqual([]);
  });

  it('is unprefixed and not Secure over plain http (development), and a browser without one has no hash', () => {
    const { res, set } = capture();
    rememberBrowser(at('http://localhost:4000'), requestWith(), 'u1').setCookie(res);
    expect(set).toEqual([{ name: 'partner_device_id', options: expect.objectContaining({ secure: false }) }]);
    expect(partnerDeviceHash(at('http://localhost:4000'), requestWith())).toBeNull();
  });
});
