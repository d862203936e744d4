import { describe, expect, it } from 'vitest';
import { textOf } from '../testing/testClient.ts';
import { tokenPickerPage } from './interactionPages.ts';

const options = {
  siteName: 'Partner',
  csrfToken: 'csrf',
  uid: 'uid1',
  clientSite: 'http://localhost:3000',
  clientName: 'Keyhaven',
  userName: 'Alice',
  now: new Date('2026-03-01T00:00:00.000Z'),
};
const token = (id: string, savedAt: string, lastCountersignedAt: string | null) => ({
  id,
  issuer: 'http://localhost:3000',
  tokenSize: 400,
  savedAt: new Date(savedAt),
  lastCountersignedAt: lastCountersignedAt === null ? null : new Date(lastCountersignedAt),
});

describe('tokenPickerPage', () => {
  it('offers the tokens not used yet first (newest first), and marks a used one as used, with when', () => {
    const usedNewest = token('used-newest', '2026-02-20T10:00:00.000Z', '2026-02-25T10:00:00.000Z');
    const fresh = token('fresh', '2026-02-10T10:00:00.000Z', null);
    const fresher = token('fresher', '2026-02-15T10:00:00.000Z', null);
    const page = tokenPickerPage({ ...options, tokens: [usedNewest, fresher, fresh] }).main.value;

    const order = [...page.matchAll(/name="tokenId" value="([^"]+)"/g)].map((match) => match[1]);
    expect(order).toEqual(['fresher', 'fresh', 'used-newest']);
    const text = textOf(page);
    expect(text).toMatch(/Already used 2026-02-25 10:00 UTC/);
    expect(text.match(/Already used/g)).toHaveLength(1);
    expect(text).toContain('Not used yet');
    // The mark is part of the button's description, so a screen reader hears it with "Use this token".
    expect(page).toMatch(/<p id="token-used-newest">[^]*Already used[^]*<\/p>\s*<button type="submit" aria-describedby="token-used-newest">/);
  });
});
