import type { ReactNode } from 'react';

/** The page's h1; focusable from script so a route change can move focus to it. */
export function PageHeading({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <h1 id={id} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
