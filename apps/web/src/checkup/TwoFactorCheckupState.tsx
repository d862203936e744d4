import { formatDate } from '../format/formatDate.ts';
import { useTwoFactorCheckup } from './useTwoFactorCheckup.ts';

const words = {
  running: 'Check-up running: sign in with a second factor before',
  due: 'Check-up due: verify your two-factor authentication settings',
  failed: 'Check-up failed: reconfigure two-factor authentication',
  passed: 'Check-up passed on',
} as const;

/** Settings: where the 2FA check-up stands (nothing without 2FA). */
export function TwoFactorCheckupState() {
  const [checkup] = useTwoFactorCheckup();
  if (checkup === null || checkup.state === 'none') return null;
  const when = checkup.state === 'running' ? checkup.endsAt : checkup.state === 'passed' ? checkup.passedAt : null;
  return (
    <p className="checkup-state">
      {words[checkup.state]}
      {when !== null ? (
        <>
          {' '}
          <time dateTime={when}>{formatDate(when)}</time>
        </>
      ) : null}
      .
    </p>
  );
}
