import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sixteenCodes } from '../test/fixtures.ts';
import { route, type RecordedRequest } from '../test/mockFetch.ts';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';
import { SessionContext, type SessionContextValue } from '../session/SessionContext.ts';
import { RecoveryCodeActions, type RecoveryCodeActionsProps } from './RecoveryCodeActions.tsx';

const session: SessionContextValue = {
  status: 'ready',
  appName: 'Hubbub',
  recoveryWaitingHours: 72,
  user: null,
  sudo: { active: false, expiresAt: null },
  error: null,
  refresh: () => Promise.resolve(),
  applySudo: () => {},
};

function renderActions(props: RecoveryCodeActionsProps) {
  return render(
    <SessionContext value={session}>
      <RecoveryCodeActions {...props} />
    </SessionContext>,
  );
}

function serveEvents() {
  return serveRoutes({ 'POST /api/two-factor/recovery-codes/events': () => noContent() });
}

function events(requests: RecordedRequest[]): unknown[] {
  return requests.filter((request) => route(request) === 'POST /api/two-factor/recovery-codes/events').map((request) => request.body);
}

describe('RecoveryCodeActions', () => {
  const blobs = new Map<string, Blob>();

  beforeEach(() => {
    // jsdom has no object URLs; these record what would have been downloaded.
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      value: (blob: Blob) => {
        const url = `blob:test/${blobs.size}`;
        blobs.set(url, blob);
        return url;
      },
    });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => {} });
  });

  afterEach(() => {
    blobs.clear();
    Reflect.deleteProperty(URL, 'createObjectURL');
    Reflect.deleteProperty(URL, 'revokeObjectURL');
  });

  it('downloads hubbub-recovery-codes.txt: the site, the account and the date, then one code per line; records the download', async () => {
    const { requests } = serveEvents();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    renderActions({ codes: sixteenCodes, username: 'octocat', generatedAt: '2025-04-05T06:07:08.000Z' });

    await userEvent.setup().click(screen.getByRole('button', { name: 'Download' }));

    expect(clicked).toHaveLength(1);
    const link = clicked[0];
    expect(link?.download).toBe('hubbub-recovery-codes.txt');
    const blob = blobs.get(link?.getAttribute('href') ?? '');
    const lines = (await blob?.text())?.trimEnd().split('\n') ?? [];
    expect(lines.slice(0, 4)).toEqual(['Hubbub recovery codes', `Site: Hubbub (${window.location.origin})`, 'Account: @octocat', 'Generated: 2025-04-05']);
    expect(lines.slice(-16)).toEqual(sixteenCodes);
    expect(screen.getByRole('status').textContent).toBe('Downloaded hubbub-recovery-codes.txt');
    await waitFor(() => expect(events(requests)).toEqual([{ action: 'downloaded' }]));
  });

  it('prints a sheet with the account and the date, then records the printout', async () => {
    const { requests } = serveEvents();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    renderActions({ codes: sixteenCodes.slice(0, 3), username: 'octocat', generatedAt: '2025-04-05T06:07:08.000Z' });

    const sheet = document.querySelector('.print-sheet');
    expect(sheet?.hasAttribute('hidden')).toBe(true);
    expect(sheet?.textContent).toContain('@octocat');
    expect(sheet?.querySelector('h2')?.textContent).toBe('Hubbub recovery codes');
    expect(sheet?.textContent).toContain(`Hubbub (${window.location.origin})`);
    expect(sheet?.textContent).toContain(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date('2025-04-05T06:07:08.000Z')));
    expect(Array.from(sheet?.querySelectorAll('li') ?? [], (item) => item.textContent)).toEqual(sixteenCodes.slice(0, 3));

    await userEvent.setup().click(screen.getByRole('button', { name: 'Print' }));

    expect(print).toHaveBeenCalledOnce();
    await waitFor(() => expect(events(requests)).toEqual([{ action: 'printed' }]));
  });

  it('copies the codes and says so in a status message', async () => {
    const { requests } = serveEvents();
    const user = userEvent.setup();
    renderActions({ codes: sixteenCodes, username: 'octocat', generatedAt: '2025-04-05T06:07:08.000Z' });
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('');

    await user.click(screen.getByRole('button', { name: 'Copy' }));

    await waitFor(() => expect(status.textContent).toBe('Copied'));
    expect(await navigator.clipboard.readText()).toBe(sixteenCodes.join('\n'));
    expect(events(requests)).toEqual([]);
  });

  it('tells the user to copy by hand when the clipboard refuses', async () => {
    serveEvents();
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    renderActions({ codes: sixteenCodes, username: 'octocat', generatedAt: '2025-04-05T06:07:08.000Z' });

    await user.click(screen.getByRole('button', { name: 'Copy' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Could not copy/));
  });
});
