import type { SecurityEventView } from '@recovery/core/api/index';
import { describeSecurityEvent } from '@recovery/core/securityEvents';
import { formatEventTime } from './formatEventTime.ts';
import { UserAgentText } from './UserAgentText.tsx';

export function SecurityEventRow({ event, currentUsername }: { event: SecurityEventView; currentUsername: string }) {
  const description = event.description.trim() === '' ? describeSecurityEvent(event.action) : event.description;
  return (
    <tr role="row">
      <td role="cell" data-label="Time">
        <time dateTime={event.createdAt}>{formatEventTime(event.createdAt)}</time>
      </td>
      <td role="cell" data-label="Event">
        <code className="event-name">{event.action}</code>
        <span className="event-description">{description}</span>
        {event.actor !== null && event.actor !== currentUsername ? <span className="muted"> by {event.actor}</span> : null}
      </td>
      <td role="cell" data-label="Client address">
        {event.ip}
      </td>
      <td role="cell" data-label="Browser" className="user-agent">
        <UserAgentText userAgent={event.userAgent} />
      </td>
    </tr>
  );
}
