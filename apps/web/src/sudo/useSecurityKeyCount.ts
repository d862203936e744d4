import { useEffect, useState } from 'react';
import { listPasskeys } from '../api/listPasskeys.ts';
import { listSecurityKeys } from '../api/listSecurityKeys.ts';

/**
 * How many security keys and passkeys the user has (either confirms access), or 0 while
 * unknown. Both need 2FA, so without it the service is not asked at all.
 */
export function useSecurityKeyCount(twoFactorEnabled: boolean): number {
  const [count, setCount] = useState(0);

  useEffect(() => {
    if (!twoFactorEnabled) return;
    const controller = new AbortController();
    // Not offering a key is the safe fallback (the password always works), so a list that
    // fails to load counts none.
    void Promise.allSettled([listSecurityKeys(controller.signal), listPasskeys(controller.signal)]).then((lists) => {
      if (!controller.signal.aborted) setCount(lists.reduce((sum, list) => sum + (list.status === 'fulfilled' ? list.value.length : 0), 0));
    });
    return () => controller.abort();
  }, [twoFactorEnabled]);

  return twoFactorEnabled ? count : 0;
}
