import { useId } from 'react';
import { formatDateTime } from '../format/formatDateTime.ts';

export interface AccountRecoveredBannerProps {
  /** When the approved recovery took effect. */
  recoveredAt: string;
  onTurnOn(): void;
}

/** After an approved recovery: what it did, and the way back to two-factor authentication. */
export function AccountRecoveredBanner({ recoveredAt, onTurnOn }: AccountRecoveredBannerProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="warning recovery-notice">
      <h2 id={headingId}>Your account was recovered</h2>
      <p>
        Your account was recovered on <time dateTime={recoveredAt}>{formatDateTime(recoveredAt)}</time>; two-factor authentication was turned off and
        your security keys and fallback number were removed.
      </p>
      <p>Turn two-factor authentication on again now, and store a new recovery token.</p>
      <button type="button" className="button-primary" onClick={onTurnOn}>
        Turn two-factor authentication on again
      </button>
    </section>
  );
}
