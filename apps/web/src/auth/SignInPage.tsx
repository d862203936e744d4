import { useEffect, useState } from 'react';
import { recoveryReturnMessage } from '@recovery/core/recoveryReturnErrors';
import { Link, useLocation, useNavigate } from 'react-router';
import { loadCoreApi } from '../api/coreApi.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { returnPathFrom } from '../navigation/returnPath.ts';
import { useTakeSearchParams } from '../navigation/useTakeSearchParams.ts';
import { useSession } from '../session/useSession.ts';
import { SignInForm } from './SignInForm.tsx';
import { rememberedChallenge } from './rememberedChallenge.ts';
import { signInNoticeOf } from './SignInNotice.ts';
import { PageTitle } from '../layout/PageTitle.tsx';

/** A failed "Recover with <partner>" comes back here with the reason's code (never its text). */
const returnParams = ['recovery_error'] as const;

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { recovery_error: recoveryError } = useTakeSearchParams(returnParams);
  // Where the person was going when sent here to sign in (same-site paths only). Read from the
  // address as it is now: signing out lands on a plain /sign-in, which must not keep an old one.
  const returnPath = returnPathFrom(new URLSearchParams(location.search).get('return_to'));
  const [notice] = useState(() => signInNoticeOf(location.state));
  // Back from a failed recovery at the partner: the password step still holds (unless that is
  // what failed), so the person resumes after it.
  const [resumeChallenge] = useState(() => (recoveryError !== null && recoveryError !== 'unauthenticated' ? rememberedChallenge() : null));
  // The form works without the shared schemas; fetch them now so the first submit need not wait.
  useEffect(() => {
    void loadCoreApi();
  }, []);

  async function handleSignedIn() {
    await session.refresh();
    await navigate(returnPath ?? '/settings/security', { replace: true });
  }

  return (
    <div className="auth-page">
      <PageTitle>Sign in</PageTitle>
      <PageHeading>Sign in</PageHeading>
      {notice !== null ? (
        <p role="status" className="notice-success">
          {notice}
        </p>
      ) : null}
      {recoveryError !== null ? (
        <div role="alert" className="form-alert">
          Account recovery did not start: {recoveryReturnMessage(recoveryError)}
        </div>
      ) : null}
      <SignInForm onSignedIn={handleSignedIn} recoveryWaitingHours={session.recoveryWaitingHours} resumeChallenge={resumeChallenge} />
      <p>
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
      <p className="auth-switch">
        New here? <Link to="/sign-up">Create account</Link>
      </p>
    </div>
  );
}
