import { useId, useState } from 'react';
import { verifyTokenRequest, type VerificationReportView } from '@recovery/core/api/index';
import { verifyAnyToken } from '../api/verifyAnyToken.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextAreaField } from '../forms/TextAreaField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { VerificationReport } from './VerificationReport.tsx';

/** Any countersigned token, pasted (from an email or a ticket), through every check. */
export function VerifyTokenForm() {
  const form = useApiForm({ token: '' });
  const [report, setReport] = useState<VerificationReportView | null>(null);
  const headingId = useId();

  const handleSubmit = form.onSubmit({
    schema: verifyTokenRequest,
    action: async ({ token }) => setReport(await verifyAnyToken(token)),
    // The last report stays up while checking, but not beside an error about another token.
    onFailure: () => setReport(null),
  });

  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>Verify a token</h2>
      <p className="muted">Paste a countersigned recovery token to run every check on it. Nothing is changed.</p>
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={form.generalError} />
        <TextAreaField {...form.fieldProps('token')} label="Token" rows={5} verbatim />
        <FormActions submitLabel="Verify token" submitting={form.submitting} />
      </form>
      <div role="status" className="action-status">
        {report !== null ? (report.ok ? 'The pasted token verified: all checks passed.' : 'The pasted token did not verify.') : ''}
      </div>
      {report !== null ? <VerificationReport report={report} title="Report for the pasted token" /> : null}
    </section>
  );
}
