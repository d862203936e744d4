import { useId, type ReactNode } from 'react';

/** Destructive actions, apart from routine ones under their own heading (DESIGN: "Danger-zone actions … stand apart"). */
export function DangerZone({ children }: { children: ReactNode }) {
  const headingId = useId();
  return (
    <div role="group" aria-labelledby={headingId} className="danger-zone">
      <h3 id={headingId}>Danger zone</h3>
      {children}
    </div>
  );
}
