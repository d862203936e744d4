import { escapeHtml } from './escapeHtml.ts';

/**
 * The page behind the email's "cancel this recovery" link. Opening it changes nothing (mail
 * scanners fetch links); its button posts the cancellation.
 */
export function recoveryCancelPage(options: { appName: string; action: string; token?: string; message?: string }): string {
  const title = `Cancel account recovery – ${escapeHtml(options.appName)}`;
  const body = options.token
    ? `<p>Someone started to recover your account. If this was not you, cancel it: two-factor authentication stays on.</p>
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="token" value="${escapeHtml(options.token)}">
<button type="submit">Cancel the recovery</button>
</form>`
    : `<p>${escapeHtml(options.message ?? '')}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body>
<main>
<h1>Cancel account recovery</h1>
${body}
</main>
</body>
</html>
`;
}
