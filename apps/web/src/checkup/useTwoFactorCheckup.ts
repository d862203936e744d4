import { useEffect, useState } from 'react';
import type { TwoFactorCheckupView } from '@recovery/core/api/index';
import { getTwoFactorCheckup } from '../api/getTwoFactorCheckup.ts';

/** The signed-in account's 2FA check-up, loaded once per page (null until known, or when it cannot be read). */
export function useTwoFactorCheckup(): [TwoFactorCheckupView | null, (next: TwoFactorCheckupView) => void] {
  const [checkup, setCheckup] = useState<TwoFactorCheckupView | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getTwoFactorCheckup(controller.signal).then(setCheckup, () => {
      // The notice is a reminder: without it the page still works, so a failed read stays quiet.
    });
    return () => controller.abort();
  }, []);
  return [checkup, setCheckup];
}
