import type { RecoveryRequestContext } from '@recovery/core/api/index';
import { describeSecurityEvent } from '@recovery/core/securityEvents';
import { formatDateTime } from '../format/formatDateTime.ts';
import { UserAgentText } from '../securityLog/UserAgentText.tsx';
import { statusLabel } from './statusFilter.ts';

const dayMs = 24 * 3_600_000;

/** "3 days", "1 year and 2 months": how old the account is, in words. */
export function accountAge(createdAt: string, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - new Date(createdAt).getTime()) / dayMs));
  if (days < 1) return 'less than a day';
  if (days < 60) return days === 1 ? '1 day' : `${days} days`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months`;
  return `${Math.floor(months / 12)} years`;
}

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

/** What staff need to judge a request: the account's age, its last sign-in, recent 2FA trouble and other requests. */
export function RecoveryRequestContextView({ context, now = new Date() }: { context: RecoveryRequestContext; now?: Date }) {
  return (
    <div className="request-context">
      <h3>Account context</h3>
      <dl className="details">
        <dt>Account age</dt>
        <dd>
          {accountAge(context.accountCreatedAt, now)} (created <When iso={context.accountCreatedAt} />)
        </dd>
        <dt>Last sign-in</dt>
        <dd>
          {context.lastSignIn ? (
            <>
              <When iso={context.lastSignIn.at} /> from {context.lastSignIn.ip}, <UserAgentText userAgent={context.lastSignIn.userAgent} />
            </>
          ) : (
            'Never'
          )}
        </dd>
        <dt>2FA failures (30 days)</dt>
        <dd>{context.twoFactorFailures30Days}</dd>
        <dt>Factors removed (30 days)</dt>
        <dd>
          {context.factorsRemoved.length ? (
            <ul className="plain-list">
              {context.factorsRemoved.map((removal) => (
                <li key={`${removal.action}-${removal.at}`}>
                  {describeSecurityEvent(removal.action)}, <When iso={removal.at} />
                </li>
              ))}
            </ul>
          ) : (
            'None'
          )}
        </dd>
        <dt>Other recovery requests</dt>
        <dd>
          {context.otherRequests.length ? (
            <ul className="plain-list">
              {context.otherRequests.map((other) => (
                <li key={other.id}>
                  {statusLabel(other.status)}, <When iso={other.createdAt} />
                </li>
              ))}
            </ul>
          ) : (
            'None'
          )}
        </dd>
      </dl>
    </div>
  );
}
