import { useId, useRef, useState, type FormEvent } from 'react';
import { verifyTokenRequest, type VerificationReportView } from '@recovery/core/api/index';
import { verifyAnyToken } from '../api/verifyAnyToken.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextAreaField } from '../forms/TextAreaField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { VerificationReport } from './VerificationReport.tsx';

const fieldNames = ['token'] as const;
type Field = (typeof fieldNames)[number];

/** Any countersigned token, pasted (from an email or a ticket), through every check. */
export function VerifyTokenForm() {
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const [report, setReport] = useState<VerificationReportView | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(verifyTokenRequest, { token }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      setReport(await verifyAnyToken(validation.data.token));
    } catch (error) {
      setReport(null);
      setErrors(formErrorsFrom(error, fieldNames));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>Verify a token</h2>
      <p className="muted">Paste a countersigned recovery token to run every check on it. Nothing is changed.</p>
      <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={errors.form} />
        <TextAreaField name="token" label="Token" rows={5} verbatim value={token} onChange={setToken} error={errors.fields.token} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={submitting}>
            Verify token
          </button>
        </div>
      </form>
      <div role="status" className="action-status">
        {report !== null ? (report.ok ? 'The pasted token verified: all checks passed.' : 'The pasted token did not verify.') : ''}
      </div>
      {report !== null ? <VerificationReport report={report} title="Report for the pasted token" /> : null}
    </section>
  );
}
