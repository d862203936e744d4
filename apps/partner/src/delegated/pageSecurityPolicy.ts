import type { Response } from 'express';

/**
 * The site-wide Content-Security-Policy with `form-action` widened to `origins` (and, when asked,
 * this origin's scripts allowed), for the draft's pages that post or redirect a form to the
 * account provider's endpoints. Browsers apply form-action to the redirect that follows a POST
 * too, so the confirmation page needs the return endpoint's origin as well. Framing stays
 * forbidden everywhere (draft §6.5: clickjacking).
 */
export function allowFormTargets(res: Response, origins: string[], options: { script?: boolean; https: boolean }): void {
  const directives = [
    "default-src 'self'",
    `script-src ${options.script ? "'self'" : "'none'"}`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `form-action 'self' ${[...new Set(origins)].join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ];
  res.set('Content-Security-Policy', directives.join('; '));
}
