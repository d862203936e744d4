import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SecurityEventView } from '@recovery/core/api/index';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../test/fixtures.ts';
import { apiError, json, mockFetch, route, unexpected, type RecordedRequest } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';

function event(id: string, action: string, description: string, createdAt: string): SecurityEventView {
  return { id, action, description, createdAt, ip: '203.0.113.7', userAgent: `Browser/${id}`, actor: 'octocat', data: {} };
}

const firstPage = {
  events: [
    event('e3', 'user.sudo', 'Confirmed access (sudo mode)', '2025-03-01T10:00:00.000Z'),
    event('e2', 'user.login', 'Signed in', '2025-02-01T10:00:00.000Z'),
  ],
  nextCursor: 'cursor-after-e2',
};
const secondPage = {
  events: [event('e1', 'user.create', 'Account created', '2025-01-01T10:00:00.000Z')],
  nextCursor: null,
};

function serveLog(pages: (request: RecordedRequest) => Response) {
  return mockFetch((request) => {
    switch (route(request)) {
      case 'GET /api/session':
        return json(200, signedIn);
      case 'GET /api/security-log':
        return pages(request);
      default:
        return unexpected(request);
    }
  });
}

describe('Security log page', () => {
  it('lists events with time, name, description, address and agent, then loads more with the cursor', async () => {
    const { requests } = serveLog((request) => json(200, request.url.searchParams.get('cursor') === 'cursor-after-e2' ? secondPage : firstPage));
    renderRoute('/settings/security-log');

    expect(await screen.findByRole('heading', { level: 1, name: 'Security log' })).toBeDefined();
    const table = await screen.findByRole('table');
    const headers = within(table).getAllByRole('columnheader').map((cell) => cell.textContent);
    expect(headers).toEqual(['Time', 'Event', 'Client address', 'Browser']);

    let rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const firstCells = within(rows[0] as HTMLElement).getAllByRole('cell');
    const time = firstCells[0]?.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2025-03-01T10:00:00.000Z');
    expect(time?.textContent).not.toBe('');
    expect(firstCells[1]?.textContent).toContain('user.sudo');
    expect(firstCells[1]?.textContent).toContain('Confirmed access (sudo mode)');
    expect(firstCells[2]?.textContent).toBe('203.0.113.7');
    // A string that names no known browser is shown as it came.
    expect(firstCells[3]?.textContent).toBe('Browser/e3');

    const firstRequest = requests.find((request) => route(request) === 'GET /api/security-log');
    expect(firstRequest?.url.searchParams.has('cursor')).toBe(false);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));

    await waitFor(() => expect(within(table).getAllByRole('row').slice(1)).toHaveLength(3));
    rows = within(table).getAllByRole('row').slice(1);
    expect(rows[2]?.textContent).toContain('Account created');
    const logRequests = requests.filter((request) => route(request) === 'GET /api/security-log');
    expect(logRequests.at(-1)?.url.searchParams.get('cursor')).toBe('cursor-after-e2');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows a browser as people read it, with the raw string in a detail', async () => {
    const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
    serveLog(() => json(200, { events: [{ ...event('e9', 'user.login', 'Signed in', '2025-03-01T10:00:00.000Z'), userAgent: chrome }], nextCursor: null }));
    renderRoute('/settings/security-log');
    const table = await screen.findByRole('table');
    const cell = within(within(table).getAllByRole('row')[1] as HTMLElement).getAllByRole('cell')[3] as HTMLElement;
    const details = cell.querySelector('details');
    expect(details?.querySelector('summary')?.textContent).toBe('Chrome on Linux');
    expect(details?.open).toBe(false);
    expect(within(cell).getByText(chrome).tagName).toBe('CODE');
  });

  it('offers both exports as download links', async () => {
    serveLog(() => json(200, secondPage));
    renderRoute('/settings/security-log');

    const jsonLink = await screen.findByRole('link', { name: 'Export as JSON' });
    const csvLink = screen.getByRole('link', { name: 'Export as CSV' });
    expect(jsonLink.getAttribute('href')).toBe('/api/security-log/export?format=json');
    expect(jsonLink.hasAttribute('download')).toBe(true);
    expect(csvLink.getAttribute('href')).toBe('/api/security-log/export?format=csv');
    expect(csvLink.hasAttribute('download')).toBe(true);
  });

  it('says so when there are no events, and shows errors in an alert', async () => {
    serveLog(() => json(200, { events: [], nextCursor: null }));
    const first = renderRoute('/settings/security-log');
    expect(await screen.findByText('No security events yet.')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    first.unmount();

    serveLog(() => apiError(429, 'rate_limited', 'Slow down a little.'));
    renderRoute('/settings/security-log');
    expect((await screen.findByRole('alert')).textContent).toBe('Slow down a little.');
  });
});
