import { beforeEach, describe, expect, it, vi } from 'vitest';
import { assignLocation } from './assignLocation.ts';
import { followAuthorizationUrl } from './followAuthorizationUrl.ts';

vi.mock('./assignLocation.ts', () => ({ assignLocation: vi.fn() }));
const assign = vi.mocked(assignLocation);

describe('followAuthorizationUrl', () => {
  beforeEach(() => {
    assign.mockReset();
  });

  it('goes to an http or https address', () => {
    followAuthorizationUrl('http://localhost:4000/authorize?client_id=account&state=abc');
    followAuthorizationUrl('https://partner.example/authorize');
    expect(assign.mock.calls).toEqual([['http://localhost:4000/authorize?client_id=account&state=abc'], ['https://partner.example/authorize']]);
  });

  it.each(['javascript:alert(1)', 'data:text/html,hi', '/relative/path', 'not a url'])('refuses %s', (url) => {
    expect(() => followAuthorizationUrl(url)).toThrow(expect.objectContaining({ code: 'invalid_response', message: 'The partner address is not valid.' }));
    expect(assign).not.toHaveBeenCalled();
  });
});
