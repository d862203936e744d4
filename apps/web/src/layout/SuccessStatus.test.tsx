import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SuccessStatus } from './SuccessStatus.tsx';
import { successMessageMs, useSuccessMessage, type SuccessMessage } from './useSuccessMessage.ts';

let handle: SuccessMessage | null = null;
function Probe() {
  const success = useSuccessMessage();
  handle = success;
  return <SuccessStatus message={success.message} />;
}

describe('SuccessStatus with useSuccessMessage', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is a polite live region that stays in the page, shows one message, and lets it go after a while', () => {
    render(<Probe />);
    const region = screen.getByRole('status');
    expect(region.textContent).toBe('');

    act(() => handle?.say('Added Work key.'));
    expect(region.textContent).toBe('Added Work key.');
    act(() => vi.advanceTimersByTime(successMessageMs - 1));
    expect(region.textContent).toBe('Added Work key.');
    act(() => vi.advanceTimersByTime(1));
    expect(screen.getByRole('status')).toBe(region);
    expect(region.textContent).toBe('');
  });

  it('a newer message replaces the older one and gets its own full time', () => {
    render(<Probe />);
    act(() => handle?.say('First.'));
    act(() => vi.advanceTimersByTime(successMessageMs - 100));
    act(() => handle?.say('Second.'));
    act(() => vi.advanceTimersByTime(200));
    expect(screen.getByRole('status').textContent).toBe('Second.');
    act(() => vi.advanceTimersByTime(successMessageMs));
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
