import { useId } from 'react';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';

export function SecuritySettingsPage() {
  const { user } = useSession();
  const accountHeadingId = useId();
  const twoFactorHeadingId = useId();
  if (!user) return null;

  return (
    <>
      <title>Password and authentication · Account</title>
      <PageHeading>Password and authentication</PageHeading>

      <section aria-labelledby={accountHeadingId} className="panel">
        <h2 id={accountHeadingId}>Account</h2>
        <dl className="details">
          <dt>Username</dt>
          <dd>{user.username}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
        </dl>
      </section>

      <section aria-labelledby={twoFactorHeadingId} className="panel">
        <h2 id={twoFactorHeadingId}>Two-factor authentication</h2>
        {user.twoFactorEnabled ? (
          <p>
            <span className="badge badge-on">Enabled</span> Two-factor authentication is on for this account.
          </p>
        ) : (
          <p>
            <span className="badge">Disabled</span> Two-factor authentication is not enabled yet.
          </p>
        )}
        <p className="muted">
          Two-factor authentication adds a second step to signing in, so a stolen password alone cannot open your account.
        </p>
      </section>
    </>
  );
}
