import { html } from './html.ts';
import type { Html } from './html.ts';

/** A date as people read it, in UTC ("2026-11-28 01:02 UTC"), in a <time> element. */
export function formatDateTime(date: Date): Html {
  const iso = date.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}
