import { Link, NavLink, Outlet } from 'react-router';
import { useSession } from '../session/useSession.ts';
import { SignOutButton } from './SignOutButton.tsx';
import { TwoFactorCheckupNotice } from '../checkup/TwoFactorCheckupNotice.tsx';
import { useFocusHeadingOnNavigate } from './useFocusHeadingOnNavigate.ts';

export function AppLayout() {
  const session = useSession();
  const user = session.user;
  useFocusHeadingOnNavigate();

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-bar">
          <Link to="/" className="product-name">
            {session.appName === '' ? 'Account' : session.appName}
          </Link>
          {user ? (
            <div className="header-user">
              <span className="muted">
                Signed in as <strong>@{user.username}</strong>
              </span>
              <SignOutButton />
            </div>
          ) : null}
        </div>
        {user ? (
          <nav aria-label="Settings" className="container settings-nav">
            <ul>
              <li>
                <NavLink to="/settings/security">Password and authentication</NavLink>
              </li>
              <li>
                <NavLink to="/settings/security-log">Security log</NavLink>
              </li>
              {user.role === 'staff' ? (
                <li>
                  <NavLink to="/support">Support</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="container" tabIndex={-1}>
        {user?.twoFactorEnabled === true ? <TwoFactorCheckupNotice key={user.id} /> : null}
        <Outlet />
      </main>
    </>
  );
}
