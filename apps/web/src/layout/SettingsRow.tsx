import { useId, type ReactNode } from 'react';
import { StatusLabel, type StatusTone } from './StatusLabel.tsx';

export interface SettingsRowProps {
  /** The method or setting, such as "Authenticator app". */
  title: string;
  /** Its state in a word or two ("Configured", "Not configured", "12 of 16 left"). */
  status: string;
  tone?: StatusTone;
  /** A line under the title: when it was set up, when last used. */
  detail?: ReactNode;
  /** The row's own buttons; each is described by the row's title. */
  actions?: ReactNode;
  /** Below the row (a warning, an open form). */
  children?: ReactNode;
}

/**
 * One row of a settings group: what it is, its status label, a detail line and its actions, in
 * GitHub's shape. A new method (a "Passkeys" section, say) is one more row or one more group.
 */
export function SettingsRow({ title, status, tone = 'neutral', detail, actions, children }: SettingsRowProps) {
  const titleId = useId();
  return (
    <li className="settings-row" aria-labelledby={titleId}>
      <div className="settings-row-main">
        <h3 id={titleId} className="settings-row-title">
          {title}
        </h3>
        <StatusLabel tone={tone}>{status}</StatusLabel>
        {detail !== undefined ? <p className="settings-row-detail muted">{detail}</p> : null}
      </div>
      {actions !== undefined ? <div className="actions settings-row-actions">{actions}</div> : null}
      {children}
    </li>
  );
}
