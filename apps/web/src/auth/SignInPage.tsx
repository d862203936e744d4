import { Link, useNavigate } from 'react-router';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';
import { SignInForm } from './SignInForm.tsx';

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();

  async function handleSignedIn() {
    await session.refresh();
    await navigate('/settings/security', { replace: true });
  }

  return (
    <div className="auth-page">
      <title>Sign in · Account</title>
      <PageHeading>Sign in</PageHeading>
      <SignInForm onSignedIn={handleSignedIn} />
      <p className="auth-switch">
        New here? <Link to="/sign-up">Create account</Link>
      </p>
    </div>
  );
}
