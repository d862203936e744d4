import type { VerificationReportView } from '@recovery/core/api/index';
import { formatDateTime } from '../format/formatDateTime.ts';
import { checkLabel } from './checkLabel.ts';
import { describeTokenOptions } from './describeTokenOptions.ts';
import { LocalTimes } from './LocalTimes.tsx';

export interface VerificationReportProps {
  report: VerificationReportView;
  title: string;
}

/**
 * Every check on a countersigned token, each marked in words as well as by a symbol and colour,
 * then the fields decoded from the outer (partner) and inner (our) token.
 */
export function VerificationReport({ report, title }: VerificationReportProps) {
  const { fields } = report;
  return (
    <div className="report">
      <h3>{title}</h3>
      <p>
        {report.ok ? (
          <strong className="check-passed">
            <span aria-hidden="true">✓</span> All {report.checks.length} checks passed
          </strong>
        ) : (
          <strong className="check-failed">
            <span aria-hidden="true">✗</span> Not verified{report.failure !== null ? `: ${checkLabel(report.failure)}` : ''}
          </strong>
        )}{' '}
        <span className="muted">
          (checked <time dateTime={report.verifiedAt}>{formatDateTime(report.verifiedAt)}</time>)
        </span>
      </p>
      <ul className="plain-list check-list" aria-label="Checks">
        {report.checks.map((check, index) => (
          <li key={`${check.check}-${index}`} className={check.passed ? 'check-item check-item-passed' : 'check-item check-item-failed'}>
            <span className={check.passed ? 'check-passed' : 'check-failed'}>
              <span aria-hidden="true">{check.passed ? '✓' : '✗'}</span> {check.passed ? 'Passed' : 'Failed'}:
            </span>{' '}
            <strong>{checkLabel(check.check)}</strong>
            <span className="check-detail">
              <LocalTimes text={check.detail} />
            </span>
            <details className="check-id">
              <summary>Check id</summary>
              <code>{check.check}</code>
            </details>
          </li>
        ))}
      </ul>
      <h4>Decoded fields</h4>
      {fields !== null ? (
        <dl className="details decoded-fields">
          <dt>Countersigned by</dt>
          <dd>{fields.outer.issuer}</dd>
          <dt>Countersigned for</dt>
          <dd>{fields.outer.audience}</dd>
          <dt>Countersigned at</dt>
          <dd>
            <LocalTimes text={fields.outer.issuedTime} />
          </dd>
          <dt>Token id</dt>
          <dd>
            <code>{fields.inner.tokenId}</code>
          </dd>
          <dt>Token issued by</dt>
          <dd>{fields.inner.issuer}</dd>
          <dt>Token stored with</dt>
          <dd>{fields.inner.audience}</dd>
          <dt>Token issued at</dt>
          <dd>
            <LocalTimes text={fields.inner.issuedTime} />
          </dd>
          <dt>Options</dt>
          <dd>{describeTokenOptions(fields.inner.options)}</dd>
        </dl>
      ) : (
        <p className="muted">No fields could be decoded from this token.</p>
      )}
    </div>
  );
}
