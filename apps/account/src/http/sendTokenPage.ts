import { escapeHtml } from './escapeHtml.ts';

export const AUTO_POST_SCRIPT_PATH = '/delegated-recovery/auto-post.js';

/** Sends the one form marked for it at once; without scripts its button does the same. */
export const autoPostScript = `const form = document.getElementById('auto-post');
if (form instanceof HTMLFormElement) form.submit();
`;

/**
 * The page that hands a fresh recovery token to the partner's `save-token` by form POST (draft
 * §3.1.1 step 8), with the state to return with and the dead tokens it replaces (`obsoletes`).
 */
export function sendTokenPage(options: { partnerName: string; partnerOrigin: string; action: string; token: string; state: string; obsoletes: string[] }): string {
  const site = escapeHtml(options.partnerOrigin);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Continuing to ${escapeHtml(options.partnerName)}</title>
</head>
<body>
<main>
<h1>Continuing to ${escapeHtml(options.partnerName)}</h1>
<p>Your recovery token is on its way to ${site}, where you confirm that it is saved.</p>
<form id="auto-post" method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="token" value="${escapeHtml(options.token)}">
<input type="hidden" name="state" value="${escapeHtml(options.state)}">
${options.obsoletes.map((id) => `<input type="hidden" name="obsoletes" value="${escapeHtml(id)}">\n`).join('')}<button type="submit">Continue to ${site}</button>
</form>
<script src="${AUTO_POST_SCRIPT_PATH}" defer></script>
</main>
</body>
</html>
`;
}
