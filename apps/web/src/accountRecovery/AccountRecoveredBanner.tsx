import { useId } from 'react';
import { formatDateTime } from '../format/formatDateTime.ts';

export interface AccountRecoveredBannerProps {
  /** When the approved recovery took effect. */
  recoveredAt: string;
}

/**
 * After an approved recovery: what it did, and the way back. The way back is the two-factor
 * section's own "Enable two-factor authentication" button, right below: no second button for it.
 */
export function AccountRecoveredBanner({ recoveredAt }: AccountRecoveredBannerProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="warning recovery-notice">
      <h2 id={headingId}>Your account was recovered</h2>
      <p>
        Your account was recovered on <time dateTime={recoveredAt}>{formatDateTime(recoveredAt)}</time>; two-factor authentication was turned off and
        your security keys and fallback number were removed.
      </p>
      <p>Turn two-factor authentication on again below, with “Enable two-factor authentication”, and store a new recovery token.</p>
    </section>
  );
}
