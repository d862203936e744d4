import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * One-time messages that a redirect put in the query string (`?recovery_error=…`): read once
 * when the page mounts, then removed from the address (the hash and history state stay), so a
 * reload or a bookmark does not show them again.
 */
export function useTakeSearchParams<N extends string>(names: readonly N[]): Readonly<Record<N, string | null>> {
  const location = useLocation();
  const navigate = useNavigate();
  const [taken] = useState(() => {
    const params = new URLSearchParams(location.search);
    const values = {} as Record<N, string | null>;
    for (const name of names) values[name] = params.get(name);
    return values;
  });

  useEffect(() => {
    const params = new URLSearchParams(location.search);
    if (!names.some((name) => params.has(name))) return;
    for (const name of names) params.delete(name);
    const search = params.toString();
    void navigate(
      { pathname: location.pathname, search: search === '' ? '' : `?${search}`, hash: location.hash },
      { replace: true, state: location.state as unknown, preventScrollReset: true },
    );
  }, [location, names, navigate]);

  return taken;
}
