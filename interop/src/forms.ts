const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
const unescape = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => entities[e] ?? e);

/** The form with `id` on a page (or its first form): its action and hidden fields, repeated names kept. */
export function formOf(page: string, id?: string): { action: string; fields: [string, string][] } {
  const start = id ? page.indexOf(`<form id="${id}"`) : page.indexOf('<form');
  if (start < 0) throw new Error(`no form${id ? ` #${id}` : ''} on the page`);
  const form = page.slice(start, page.indexOf('</form>', start));
  const action = /action="([^"]*)"/.exec(form)?.[1];
  if (action === undefined) throw new Error('the form has no action');
  const fields: [string, string][] = [...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)]);
  return { action: unescape(action), fields };
}

/** A cross-site form POST, as a browser sends one: none of the target's cookies. */
export function crossSitePost(url: string, fields: [string, string][] | Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

/** A location as a path (for a client bound to one origin). */
export function local(location: string | null | undefined): string {
  const url = new URL(location ?? '', 'http://x.invalid');
  return url.pathname + url.search;
}
