import { useSession } from '../session/useSession.ts';

/** The document title: the page, then the product's name (APP_NAME). */
export function PageTitle({ children }: { children: string }) {
  const { appName } = useSession();
  return <title>{appName === '' ? children : `${children} · ${appName}`}</title>;
}
