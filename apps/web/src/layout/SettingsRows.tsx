import type { ReactNode } from 'react';

/** The list a group's SettingsRow items sit in (named by the section, for assistive tools). */
export function SettingsRows({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ul className="plain-list settings-rows" aria-label={label}>
      {children}
    </ul>
  );
}
