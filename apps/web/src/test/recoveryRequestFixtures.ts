import type { RecoveryRequestView, VerificationReportView } from '@recovery/core/api/index';

const checkNames = [
  'decodes',
  'known_partner',
  'countersignature',
  'audience',
  'issuer_binding',
  'countersignature_fresh',
  'token_binding',
  'token_signature',
  'token_issuer',
  'token_known',
  'token_confirmed',
  'not_recovered_before',
  'token_owner',
  'partner_subject',
];

/** A report as the service writes it: every check passed, with the decoded fields. */
export const passingReport: VerificationReportView = {
  ok: true,
  checks: checkNames.map((check) => ({ check, passed: true, detail: `Detail of ${check}` })),
  failure: null,
  tokenId: '0123456789abcdef0123456789abcdef',
  userId: 'usr_1',
  fields: {
    outer: { issuer: 'http://localhost:4000', audience: 'http://localhost:3000', issuedTime: '2025-03-04T05:06:00Z' },
    inner: {
      tokenId: '0123456789abcdef0123456789abcdef',
      issuer: 'http://localhost:3000',
      audience: 'http://localhost:4000',
      issuedTime: '2025-03-01T05:06:00Z',
      options: 0,
    },
  },
  verifiedAt: '2025-03-04T05:06:07.000Z',
};

/** The same token verified later, after it was deleted. */
export const failingReport: VerificationReportView = {
  ...passingReport,
  ok: false,
  checks: passingReport.checks.map((check) =>
    check.check === 'token_confirmed' ? { check: 'token_confirmed', passed: false, detail: 'State: deleted' } : check,
  ),
  failure: 'token_confirmed',
  verifiedAt: '2025-03-05T05:06:07.000Z',
};

export const pendingRequest: RecoveryRequestView = {
  id: '01JQ0000000000000000000001',
  status: 'pending',
  user: { id: 'usr_1', username: 'octocat', email: 'octocat@example.com' },
  partner: 'http://localhost:4000',
  tokenId: '0123456789abcdef0123456789abcdef',
  createdAt: '2025-03-04T05:06:07.000Z',
  decidedAt: null,
  decidedBy: null,
  decidedByUsername: null,
  declineReason: null,
  completesAt: null,
  completedAt: null,
  report: passingReport,
  context: {
    accountCreatedAt: '2024-11-02T08:00:00.000Z',
    lastSignIn: {
      at: '2025-02-20T09:30:00.000Z',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    },
    twoFactorFailures30Days: 4,
    factorsRemoved: [{ action: 'two_factor_authentication.remove_factor', at: '2025-03-01T10:00:00.000Z' }],
    otherRequests: [{ id: '01JQ0000000000000000000000', status: 'declined', createdAt: '2025-01-10T10:00:00.000Z' }],
  },
};
