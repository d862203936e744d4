import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const stylesheetLink = /<link\b[^>]*\brel="stylesheet"[^>]*>/g;
const href = /\bhref="(\/[^"]+\.css)"/;

/**
 * The web UI's stylesheets (their hashed names, as the built index.html links them), so a page
 * the server renders itself looks like the rest of the site. None before a build.
 */
export function webStylesheets(distDir: string): string[] {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return [];
  return [...readFileSync(index, 'utf8').matchAll(stylesheetLink)].flatMap((link) => {
    const found = href.exec(link[0]);
    return found ? [found[1]!] : [];
  });
}
