import { useNavigate, useSearchParams } from 'react-router';
import type { SudoView } from '@recovery/core/api/index';
import { useSession } from '../session/useSession.ts';
import { ConfirmAccess } from './ConfirmAccess.tsx';
import { safeReturnPath } from './safeReturnPath.ts';

/** `/sudo?return_to=/path`: for pages that need sudo mode before they can even be shown. */
export function SudoPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const { applySudo } = useSession();
  const returnTo = safeReturnPath(searchParams.get('return_to'));

  async function handleConfirmed(sudo: SudoView) {
    applySudo(sudo);
    await navigate(returnTo, { replace: true });
  }

  return <ConfirmAccess onConfirmed={handleConfirmed} />;
}
