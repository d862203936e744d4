import { describeUserAgent } from './describeUserAgent.ts';

/** "Chrome on Linux", with the exact string the browser sent one click away. */
export function UserAgentText({ userAgent }: { userAgent: string | null }) {
  const described = describeUserAgent(userAgent);
  if (!userAgent) return <span className="muted">Unknown</span>;
  if (!described) return <span className="user-agent-raw">{userAgent}</span>;
  return (
    <details className="user-agent-details">
      <summary>{described}</summary>
      <code className="user-agent-raw">{userAgent}</code>
    </details>
  );
}
