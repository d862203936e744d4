import type { ReactNode } from 'react';

export type StatusTone = 'on' | 'neutral' | 'attention';

const toneClass: Record<StatusTone, string> = { on: 'badge badge-on', neutral: 'badge', attention: 'badge badge-attention' };

/** A method's state as a small label ("Configured", "Not configured"): words, not colour alone. */
export function StatusLabel({ tone = 'neutral', children }: { tone?: StatusTone; children: ReactNode }) {
  return <span className={toneClass[tone]}>{children}</span>;
}
