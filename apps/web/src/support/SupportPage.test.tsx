import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RecoveryRequestView } from '@recovery/core/api/index';
import { describe, expect, it } from 'vitest';
import { signedIn, signedInAsStaff } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { failingReport, passingReport, pendingRequest } from '../test/recoveryRequestFixtures.ts';
import { renderRoute } from '../test/renderRoute.tsx';
import { serveRoutes } from '../test/serveRoutes.ts';

const approvedRequest: RecoveryRequestView = {
  ...pendingRequest,
  id: '01JQ0000000000000000000002',
  status: 'approved',
  user: { id: 'usr_2', username: 'hubot', email: 'hubot@example.com' },
  decidedAt: '2025-03-04T06:00:00.000Z',
  decidedBy: 'usr_staff',
  completesAt: '2025-03-07T06:00:00.000Z',
};

const base = `/api/support/recovery-requests/${pendingRequest.id}`;

function serveSupport(overrides: Record<string, (request: RecordedRequest) => Response> = {}) {
  return serveRoutes({
    'GET /api/session': () => json(200, signedInAsStaff),
    'GET /api/support/recovery-requests': (request) => {
      const status = request.url.searchParams.get('status');
      const all = [pendingRequest, approvedRequest];
      return json(200, { requests: status === null ? all : all.filter((candidate) => candidate.status === status) });
    },
    ...overrides,
  });
}

function posts(requests: RecordedRequest[], path: string): RecordedRequest[] {
  return requests.filter((request) => route(request) === `POST ${path}`);
}

async function openRequest(username = 'octocat') {
  return screen.findByRole('article', { name: `Recovery for ${username}` });
}

describe('Support console', () => {
  it('is for staff only: others get no nav link, a refusal and no request to the support API', async () => {
    const { requests } = serveRoutes({ 'GET /api/session': () => json(200, signedIn) });
    renderRoute('/support');

    expect(await screen.findByRole('heading', { level: 1, name: 'Recovery requests' })).toBeDefined();
    expect(screen.getByRole('alert').textContent).toBe('Only support staff can see recovery requests.');
    expect(screen.queryByRole('link', { name: 'Support' })).toBeNull();
    expect(requests.map(route)).toEqual(['GET /api/session']);
  });

  it('lists pending requests with the user, partner, time and the verification report', async () => {
    const { requests } = serveSupport();
    renderRoute('/support');

    const nav = await screen.findByRole('navigation', { name: 'Settings' });
    expect(within(nav).getByRole('link', { name: 'Support' }).getAttribute('aria-current')).toBe('page');
    const article = await openRequest();
    expect(requests.find((request) => route(request) === 'GET /api/support/recovery-requests')?.url.search).toBe('?status=pending');
    expect(screen.queryByRole('article', { name: 'Recovery for hubot' })).toBeNull();
    expect(screen.getByText('1 pending recovery request.')).toBeDefined();

    expect(article.textContent).toContain('octocat@example.com');
    expect(article.textContent).toContain('http://localhost:4000');
    expect(article.querySelector(`time[datetime="${pendingRequest.createdAt}"]`)).not.toBeNull();
    expect(within(article).getByText(/All 14 checks passed/)).toBeDefined();
    const checks = within(within(article).getByRole('list', { name: 'Checks' })).getAllByRole('listitem');
    expect(checks).toHaveLength(14);
    // A plain label and its detail; the machine id sits in a closed detail of its own.
    expect(checks[0]?.textContent).toBe('✓ Passed: Reads as a countersigned tokenDetail of decodesCheck iddecodes');
    expect(checks[0]?.querySelector('details')?.open).toBe(false);
    expect(checks[0]?.querySelector('details code')?.textContent).toBe('decodes');
    // Context to judge the request by.
    const context = article.querySelector('.request-context') as HTMLElement;
    expect(context.textContent).toContain('Last sign-in');
    expect(context.textContent).toContain('from 203.0.113.7, Chrome on Linux');
    expect(context.textContent).toMatch(/2FA failures \(30 days\)4/);
    expect(context.querySelector('time[datetime="2025-03-01T10:00:00.000Z"]')).not.toBeNull();
    expect(context.textContent).toMatch(/Other recovery requestsDeclined, /);
    expect(context.textContent).toMatch(/Account age\d+ (days|months|years)/);
    // The decoded fields, as terms and their values.
    const terms = Array.from(article.querySelectorAll('.decoded-fields dt')).map((term) => term.textContent);
    expect(terms).toEqual(['Countersigned by', 'Countersigned for', 'Countersigned at', 'Token id', 'Token issued by', 'Token stored with', 'Token issued at', 'Options']);
    expect(article.querySelector('.decoded-fields dt:last-of-type + dd')?.textContent).toBe('0x00 (none)');
    for (const name of ['Verify token', 'Approve', 'Decline']) expect(within(article).getByRole('button', { name })).toBeDefined();
  });

  it('"Verify token" runs the checks again and shows the fresh report, failures marked in words', async () => {
    const { requests } = serveSupport({ [`POST ${base}/verify`]: () => json(200, failingReport) });
    renderRoute('/support');
    const user = userEvent.setup();

    const article = await openRequest();
    await user.click(within(article).getByRole('button', { name: 'Verify token' }));

    expect(await within(article).findByText('Not verified: Token was confirmed by the partner')).toBeDefined();
    const failed = within(article)
      .getAllByRole('listitem')
      .filter((item) => item.textContent?.includes('Failed'));
    expect(failed.map((item) => item.textContent)).toEqual(['✗ Failed: Token was confirmed by the partnerState: deletedCheck idtoken_confirmed']);
    expect(within(article).getByRole('status').textContent).toBe('Verified again: not verified (Token was confirmed by the partner).');
    expect(posts(requests, `${base}/verify`)).toHaveLength(1);
  });

  it('asks support to confirm access before an approval goes through', async () => {
    const completed: RecoveryRequestView = { ...pendingRequest, status: 'completed', decidedAt: '2025-03-04T06:00:00.000Z', decidedBy: 'usr_staff', completedAt: '2025-03-04T06:00:00.000Z' };
    let inSudo = false;
    const { requests } = serveSupport({
      'GET /api/security-keys': () => json(200, { keys: [] }),
      'POST /api/sudo': () => {
        inSudo = true;
        return json(200, { sudo: { active: true, expiresAt: '2025-03-04T08:00:00.000Z' }, csrfToken: 'csrf-after-sudo' });
      },
      [`POST ${base}/approve`]: () => (inSudo ? json(200, completed) : apiError(403, 'sudo_required', 'Confirm access with your password to continue')),
    });
    renderRoute('/support');
    const user = userEvent.setup();

    const article = await openRequest();
    await user.click(within(article).getByRole('button', { name: 'Approve' }));
    await user.click(within(within(article).getByRole('group', { name: /^Approve the recovery of/ })).getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('heading', { name: 'Confirm access' })).toBeDefined();
    await user.type(screen.getByLabelText('Password'), 'staff password');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    await waitFor(() => expect(within(article).getByRole('status').textContent).toBe('Approved. Two-factor authentication was removed from octocat, who was emailed.'));
    expect(posts(requests, `${base}/approve`)).toHaveLength(2);
  });

  it('approves only after a confirmation, then shows the outcome and no more decisions', async () => {
    const completed: RecoveryRequestView = { ...pendingRequest, status: 'completed', decidedAt: '2025-03-04T06:00:00.000Z', decidedBy: 'usr_staff', completedAt: '2025-03-04T06:00:00.000Z' };
    const { requests } = serveSupport({ [`POST ${base}/approve`]: () => json(200, completed) });
    renderRoute('/support');
    const user = userEvent.setup();

    const article = await openRequest();
    await user.click(within(article).getByRole('button', { name: 'Approve' }));
    const confirm = within(article).getByRole('group', { name: 'Approve the recovery of octocat?' });
    expect(confirm.textContent).toContain('unless the owner cancels');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(posts(requests, `${base}/approve`)).toHaveLength(0);

    await user.click(within(article).getByRole('button', { name: 'Approve' }));
    await user.click(within(within(article).getByRole('group', { name: /^Approve the recovery of/ })).getByRole('button', { name: 'Approve' }));

    await waitFor(() => expect(within(article).getByRole('status').textContent).toBe('Approved. Two-factor authentication was removed from octocat, who was emailed.'));
    expect(posts(requests, `${base}/approve`)).toHaveLength(1);
    expect(within(article).getByText('Completed', { selector: '.badge' })).toBeDefined();
    expect(within(article).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(article).queryByRole('button', { name: 'Decline' })).toBeNull();
    expect(within(article).getByRole('button', { name: 'Verify token' })).toBeDefined();
    // Under "Pending", a request decided here is no longer counted as pending.
    expect(screen.getByText(/recovery request/, { selector: 'p[role="status"].muted' }).textContent).toBe(
      'No pending recovery requests. 1 decided here since the list was loaded is still shown.',
    );
  });

  it('shows the service refusing an approval', async () => {
    serveSupport({ [`POST ${base}/approve`]: () => apiError(409, 'conflict', 'The token no longer verifies (token_confirmed); decline the request') });
    renderRoute('/support');
    const user = userEvent.setup();

    const article = await openRequest();
    await user.click(within(article).getByRole('button', { name: 'Approve' }));
    await user.click(within(within(article).getByRole('group', { name: /^Approve the recovery of/ })).getByRole('button', { name: 'Approve' }));

    expect((await within(article).findByRole('alert')).textContent).toBe('The token no longer verifies (token_confirmed); decline the request');
    expect(within(article).getByText('Pending', { selector: '.badge' })).toBeDefined();
  });

  it('declines with a reason, which is required', async () => {
    const declined: RecoveryRequestView = { ...pendingRequest, status: 'declined', declineReason: 'Could not confirm it is them', decidedAt: '2025-03-04T06:00:00.000Z', decidedBy: 'usr_staff', decidedByUsername: 'support', context: undefined };
    const { requests } = serveSupport({ [`POST ${base}/decline`]: () => json(200, declined) });
    renderRoute('/support');
    const user = userEvent.setup();

    const article = await openRequest();
    await user.click(within(article).getByRole('button', { name: 'Decline' }));
    const form = within(article).getByRole('form', { name: 'Decline the recovery of octocat?' });
    await user.click(within(form).getByRole('button', { name: 'Decline' }));
    const reason = within(form).getByLabelText('Reason');
    await waitFor(() => expect(reason.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText('Give a reason')).toBeDefined();
    expect(posts(requests, `${base}/decline`)).toHaveLength(0);

    await user.type(reason, 'Could not confirm it is them');
    await user.click(within(form).getByRole('button', { name: 'Decline' }));

    await waitFor(() => expect(within(article).getByRole('status').textContent).toContain('Declined. octocat was emailed your reason'));
    expect(posts(requests, `${base}/decline`).map((request) => request.body)).toEqual([{ reason: 'Could not confirm it is them' }]);
    expect(article.textContent).toContain('Could not confirm it is them');
    expect(within(article).queryByRole('button', { name: 'Decline' })).toBeNull();
    // Who decided, by username (their id is not shown); the context loaded with the list stays.
    expect(article.textContent).toMatch(/Decided.+ by support/);
    expect(article.textContent).not.toContain('usr_staff');
    expect(article.querySelector('.request-context')).not.toBeNull();
  });

  it('filters by status through the address', async () => {
    const { requests } = serveSupport();
    const { router } = renderRoute('/support');
    const user = userEvent.setup();

    await openRequest();
    await user.selectOptions(screen.getByLabelText('Status'), 'Approved');

    const article = await openRequest('hubot');
    expect(router.state.location.search).toBe('?status=approved');
    expect(screen.queryByRole('article', { name: 'Recovery for octocat' })).toBeNull();
    expect(within(article).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(article).getByRole('button', { name: 'Decline' })).toBeDefined();

    await user.selectOptions(screen.getByLabelText('Status'), 'All');
    await openRequest('octocat');
    expect(screen.getAllByRole('article')).toHaveLength(2);
    const searches = requests.filter((request) => route(request) === 'GET /api/support/recovery-requests').map((request) => request.url.search);
    expect(searches).toEqual(['?status=pending', '?status=approved', '']);
  });

  it('verifies a pasted token and shows its report', async () => {
    const { requests } = serveSupport({ 'POST /api/support/verify-token': () => json(200, passingReport) });
    renderRoute('/support');
    const user = userEvent.setup();

    const section = await screen.findByRole('region', { name: 'Verify a token' });
    await user.click(within(section).getByRole('button', { name: 'Verify token' }));
    expect(await within(section).findByText('Paste a token')).toBeDefined();
    expect(posts(requests, '/api/support/verify-token')).toHaveLength(0);

    await user.type(within(section).getByLabelText('Token'), '  AAEC/token+base64==  ');
    await user.click(within(section).getByRole('button', { name: 'Verify token' }));

    expect(await within(section).findByRole('heading', { name: 'Report for the pasted token' })).toBeDefined();
    expect(within(section).getByText(/All 14 checks passed/)).toBeDefined();
    expect(posts(requests, '/api/support/verify-token').map((request) => request.body)).toEqual([{ token: 'AAEC/token+base64==' }]);
  });

  it('shows the service refusing a staff account without two-factor authentication', async () => {
    serveSupport({ 'GET /api/support/recovery-requests': () => apiError(403, 'forbidden', 'Only support staff can do this') });
    renderRoute('/support');

    expect((await screen.findByRole('alert')).textContent).toBe('Only support staff can do this');
    expect(screen.queryByRole('article')).toBeNull();
  });
});
