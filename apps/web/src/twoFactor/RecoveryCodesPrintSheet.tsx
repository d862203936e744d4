import { createPortal } from 'react-dom';
import { formatDate } from '../format/formatDate.ts';

export interface RecoveryCodesPrintSheetProps {
  /** The site the codes unlock: its name (APP_NAME) and address. */
  site: { name: string; url: string };
  username: string;
  generatedAt: string;
  codes: readonly string[];
}

/**
 * What "Print" puts on paper: the site, the account, the dates and the codes, nothing else. It sits
 * outside the app's root (a portal) and stays hidden on screen; the print style sheet shows
 * it and hides the app while it is mounted.
 */
export function RecoveryCodesPrintSheet({ site, username, generatedAt, codes }: RecoveryCodesPrintSheetProps) {
  return createPortal(
    <section className="print-sheet" hidden>
      <h2>{site.name} recovery codes</h2>
      <dl className="details">
        <dt>Site</dt>
        <dd>
          {site.name} ({site.url})
        </dd>
        <dt>Account</dt>
        <dd>@{username}</dd>
        <dt>Generated</dt>
        <dd>{formatDate(generatedAt)}</dd>
        <dt>Printed</dt>
        <dd>{formatDate(new Date())}</dd>
      </dl>
      <ul className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>Each code works once. Keep this page somewhere safe, away from your phone.</p>
    </section>,
    document.body,
  );
}
