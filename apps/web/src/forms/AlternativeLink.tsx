import type { MouseEvent, ReactNode } from 'react';

export interface AlternativeLinkProps {
  /** A fragment naming the way, so the link has a target without leaving the page. */
  href: `#${string}`;
  onClick(event: MouseEvent<HTMLAnchorElement>): void;
  /** While an attempt runs the click is ignored; aria-disabled says so without taking the link out of the tab order. */
  disabled?: boolean;
  children: ReactNode;
}

/** One item of a form's "other ways" list (another factor, another method), for a ul.alternatives. */
export function AlternativeLink({ href, onClick, disabled = false, children }: AlternativeLinkProps) {
  return (
    <li>
      <a href={href} onClick={onClick} aria-disabled={disabled || undefined}>
        {children}
      </a>
    </li>
  );
}
