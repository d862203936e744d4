import { useEffect, useState } from 'react';
import { listSecurityKeys } from '../api/listSecurityKeys.ts';

/**
 * How many security keys the user has, or 0 while unknown. Keys need 2FA, so without it the
 * service is not asked at all.
 */
export function useSecurityKeyCount(twoFactorEnabled: boolean): number {
  const [count, setCount] = useState(0);

  useEffect(() => {
    if (!twoFactorEnabled) return;
    const controller = new AbortController();
    listSecurityKeys(controller.signal).then(
      (keys) => setCount(keys.length),
      () => {
        // Not offering the key is the safe fallback; the password always works.
      },
    );
    return () => controller.abort();
  }, [twoFactorEnabled]);

  return twoFactorEnabled ? count : 0;
}
