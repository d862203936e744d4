import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../format/formatDateTime.ts';
import { LocalTimes } from './LocalTimes.tsx';

describe('LocalTimes', () => {
  it('shows every timestamp in a detail in the reader\'s locale, keeping the exact one in dateTime', () => {
    const { container } = render(<LocalTimes text="Used to recover at 2026-12-01T03:51:54.808Z (by this request)" />);
    const time = container.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2026-12-01T03:51:54.808Z');
    expect(container.textContent).toBe(`Used to recover at ${formatDateTime('2026-12-01T03:51:54.808Z')} (by this request)`);
    expect(container.textContent).not.toContain('T03:51');
  });

  it('leaves text without timestamps as it is', () => {
    const { container } = render(<LocalTimes text="State: confirmed" />);
    expect(container.textContent).toBe('State: confirmed');
    expect(container.querySelector('time')).toBeNull();
  });
});
