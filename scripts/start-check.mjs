// Proves a newcomer's first command on this checkout: `npm start` on free ports builds, migrates,
// seeds and serves; both services answer /healthz, the UI's HTML is served, the demo user signs
// in over HTTP; then Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops
// everything with exit 0 and no process left behind. Plain JavaScript: it runs before anything
// is built. Used by .ci/run right after `npm ci`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// A first build on a busy 2-core machine takes a few minutes; this only bounds a hung start.
const readyWithinMs = 15 * 60_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function fail(message) {
  console.error(`start check failed: ${message}`);
  process.exitCode = 1;
}

async function waitUntil(what, check, child) {
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before ${what}`);
    try {
      if (await check()) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what}: not within ${readyWithinMs / 60_000} minutes`);
}

/** Every process in a process group, from /proc (pid → command line). */
function processesInGroup(pgid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(`${entry} ${readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
    } catch {
      // it exited while we looked
    }
  }
  return found;
}

async function signInAsDemoUser(accountUrl) {
  const session = await fetch(`${accountUrl}/api/session`);
  const cookies = session.headers.getSetCookie().map((c) => c.split(';')[0]);
  const { csrfToken } = await session.json();
  const res = await fetch(`${accountUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: cookies.join('; '), origin: accountUrl },
    body: JSON.stringify({ login: 'mona', password: 'mona-demo-password' }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.user?.username !== 'mona') throw new Error(`demo sign-in answered ${res.status} ${JSON.stringify(body)}`);
  // The session cookie it set must make the next request signed in.
  const jar = new Map(cookies.map((c) => [c.split('=')[0], c]));
  for (const c of res.headers.getSetCookie()) jar.set(c.split('=')[0], c.split(';')[0]);
  const after = await (await fetch(`${accountUrl}/api/session`, { headers: { cookie: [...jar.values()].join('; ') } })).json();
  if (after.user?.username !== 'mona') throw new Error('the session cookie from the demo sign-in does not sign in');
}

const [accountPort, partnerPort] = [await freePort(), await freePort()];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'start-check-'));
const accountUrl = `http://localhost:${accountPort}`;
const partnerUrl = `http://localhost:${partnerPort}`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const child = spawn(npm, ['start'], {
  cwd: repoRoot,
  detached: true, // its own process group, like a terminal's foreground job
  env: { ...process.env, ACCOUNT_PORT: String(accountPort), PARTNER_PORT: String(partnerPort), DATA_DIR: dataDir },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

try {
  await waitUntil('the partner answered /healthz', async () => (await fetch(`${partnerUrl}/healthz`)).ok, child);
  await waitUntil('the account service answered /healthz', async () => (await fetch(`${accountUrl}/healthz`)).ok, child);
  await waitUntil('npm start printed the demo sign-ins', async () => output.includes('Press Ctrl-C to stop'), child);
  const page = await fetch(`${accountUrl}/`);
  const html = await page.text();
  if (page.status !== 200 || !/<div id="root">/.test(html) || !/<script[^>]+src="\/assets\//.test(html)) throw new Error(`the UI's HTML was not served (${page.status})`);
  await signInAsDemoUser(accountUrl);
  console.log('start check: both services healthy, UI served, demo user signed in');
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

process.kill(-child.pid, 'SIGINT');
const { code, signal } = await exited;
// npm exits as soon as its script does; give the group's other members the moment they need.
let left = processesInGroup(child.pid);
for (let i = 0; i < 40 && left.length > 0; i++) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  left = processesInGroup(child.pid);
}
if (code !== 0) fail(`npm start exited with ${code ?? signal} after SIGINT, not 0`);
if (left.length > 0) {
  fail(`processes left behind after SIGINT:\n${left.join('\n')}`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
rmSync(dataDir, { recursive: true, force: true });
if (process.exitCode !== 1) console.log('start check: Ctrl-C stopped the stack with exit 0 and no process left behind');
