/// <reference types="node" />
/**
 * Prints the JavaScript each route needs before it renders, gzipped, from the last `vite build`
 * (dist/.vite/manifest.json). Exits non-zero when the first page (sign-in) is over its budget.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const firstPageBudget = 110 * 1024;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/** Route → the module its page loads on demand (src/routes/lazyPages.ts); sign-in is in the entry. */
const routes: [string, string | null][] = [
  ['/sign-in', null],
  ['/sign-up', 'src/auth/SignUpPage.tsx'],
  ['/forgot-password', 'src/auth/ForgotPasswordPage.tsx'],
  ['/reset-password', 'src/auth/ResetPasswordPage.tsx'],
  ['/recovery/started', 'src/accountRecovery/RecoveryStartedPage.tsx'],
  ['/settings/security', 'src/settings/SecuritySettingsPage.tsx'],
  ['/settings/security-log', 'src/securityLog/SecurityLogPage.tsx'],
  ['/sudo', 'src/sudo/SudoPage.tsx'],
  ['/support', 'src/support/SupportPage.tsx'],
];

const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;

function chunk(key: string): ManifestChunk {
  const found = manifest[key];
  if (found === undefined) throw new Error(`${key} is not in the build manifest: run "npm run build" first`);
  return found;
}

/** A chunk and everything it imports statically: what the browser must load before it runs. */
function closure(key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const imported of chunk(key).imports ?? []) closure(imported, into);
  return into;
}

function gzipSize(keys: Iterable<string>): number {
  let total = 0;
  for (const key of keys) total += gzipSync(readFileSync(path.join(dist, chunk(key).file)), { level: 9 }).length;
  return total;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const entry = closure('index.html');
console.log('| Route | JavaScript before it renders (gzip) | Of which the route\'s own chunks |');
console.log('| --- | ---: | ---: |');
let firstPage = 0;
for (const [route, page] of routes) {
  const own = page === null ? new Set<string>() : new Set([...closure(page)].filter((key) => !entry.has(key)));
  const total = gzipSize(entry) + gzipSize(own);
  if (page === null) firstPage = total;
  console.log(`| ${route} | ${kb(total)} | ${kb(gzipSize(own))} |`);
}
if (firstPage > firstPageBudget) {
  console.error(`The first page needs ${kb(firstPage)} of JavaScript, over its ${kb(firstPageBudget)} budget.`);
  process.exit(1);
}
