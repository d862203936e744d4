// Proves a newcomer's first command on this checkout: `npm start` on free ports builds, migrates,
// seeds and serves; both services answer /healthz, the UI's HTML is served, the demo user signs
// in over HTTP; then Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops
// everything with exit 0 and no process left behind. Then `npm run start:prod` on that build, with
// production configuration made from deploy/*.env.example: both services serve, no TypeScript loader runs, Ctrl-C stops them.
// Plain JavaScript: it runs before anything is built. Used by .ci/run right after `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Runs `npm run <script>` in its own process group, runs `checks` once it printed every one of
 * `readyTexts`,
 * then sends SIGINT to the group as a terminal's Ctrl-C does and checks for exit 0 and no
 * process left behind.
 */
async function runAndInterrupt(script, env, readyTexts, checks) {
  const child = spawn('npm', ['run', script], { cwd: repoRoot, detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    for (const text of readyTexts) await waitUntil(`npm run ${script} printed "${text}"`, async () => output.includes(text), child);
    await checks(child.pid);
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
  if (code !== 0) fail(`npm run ${script} exited with ${code ?? signal} after SIGINT, not 0`);
  if (left.length > 0) {
    fail(`processes left behind after SIGINT:\n${left.join('\n')}`);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (process.exitCode !== 1) console.log(`start check: Ctrl-C stopped npm run ${script} with exit 0 and no process left behind`);
}

/**
 * The README's production env files, made as an operator makes them: deploy/*.env.example with
 * every empty value filled (fresh secrets and keys), and the ports and storage moved to this run.
 */
function writeProductionEnvFiles(dir, accountPort, partnerPort) {
  const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).replaceAll('\n', '\\n');
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const clientSecret = randomBytes(24).toString('hex');
  const secret = () => randomBytes(32).toString('base64');
  const account = {
    PORT: accountPort,
    DATABASE_URL: `file:${path.join(dir, 'account.db')}`,
    DATA_DIR: dir,
    SECRET_KEY: secret(),
    TOKEN_SIGNING_KEYS: `"${pem()}"`,
    SMTP_URL: 'smtp://127.0.0.1:25',
    SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
    SMS_GATEWAY_TOKEN: randomBytes(16).toString('hex'),
    PARTNER_CLIENT_SECRET: clientSecret,
  };
  const partner = {
    PORT: partnerPort,
    DATABASE_URL: `file:${path.join(dir, 'partner.db')}`,
    DATA_DIR: dir,
    SECRET_KEY: secret(),
    ACCOUNT_CLIENT_SECRET: clientSecret,
    COUNTERSIGN_PRIVATE_KEYS: `"${pem()}"`,
    OIDC_JWKS: `'${JSON.stringify({ keys: [jwk] })}'`,
  };
  const write = (name, values) => {
    const example = readFileSync(path.join(repoRoot, `deploy/${name}.env.example`), 'utf8');
    const lines = example.split('\n').map((line) => {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (!match) return line;
      if (match[1] in values) return `${match[1]}=${values[match[1]]}`;
      // The example leaves only secrets blank: one nobody filled would be a README that does not work.
      if (match[2] === '') throw new Error(`deploy/${name}.env.example: ${match[1]} is blank and the check does not fill it`);
      return line;
    });
    const file = path.join(dir, `${name}.env`);
    writeFileSync(file, lines.join('\n'), { mode: 0o600 });
    return file;
  };
  return { ACCOUNT_ENV_FILE: write('account', account), PARTNER_ENV_FILE: write('partner', partner) };
}

async function expectServed(accountUrl, partnerUrl) {
  for (const url of [partnerUrl, accountUrl]) {
    const res = await fetch(`${url}/healthz`);
    if (!res.ok) throw new Error(`${url}/healthz answered ${res.status}`);
  }
  const page = await fetch(`${accountUrl}/`);
  const html = await page.text();
  if (page.status !== 200 || !/<div id="root">/.test(html) || !/<script[^>]+src="\/assets\//.test(html)) throw new Error(`the UI's HTML was not served (${page.status})`);
}

// 1. npm start, as a newcomer runs it on a fresh clone.
{
  const [accountPort, partnerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'start-check-'));
  const accountUrl = `http://localhost:${accountPort}`;
  await runAndInterrupt('start', { ACCOUNT_PORT: String(accountPort), PARTNER_PORT: String(partnerPort), DATA_DIR: dataDir }, ['Press Ctrl-C to stop'], async () => {
    await expectServed(accountUrl, `http://localhost:${partnerPort}`);
    await signInAsDemoUser(accountUrl);
    console.log('start check: both services healthy, UI served, demo user signed in');
  });
  rmSync(dataDir, { recursive: true, force: true });
}

// 2. npm run start:prod on the build npm start made: production mode, no TypeScript loader.
{
  const [accountPort, partnerPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'start-prod-check-'));
  const files = writeProductionEnvFiles(dir, accountPort, partnerPort);
  await runAndInterrupt('start:prod', files, ['partner listening', 'account service listening'], async (pgid) => {
    await expectServed(`http://127.0.0.1:${accountPort}`, `http://127.0.0.1:${partnerPort}`);
    const loaders = processesInGroup(pgid).filter((line) => /tsx/.test(line));
    if (loaders.length > 0) throw new Error(`a TypeScript loader runs in production:\n${loaders.join('\n')}`);
    console.log('start check: start:prod serves both services from the build, in production mode, without tsx');
  });
  // The README's staff command, with nothing but the env file: it reaches the database and answers.
  const staff = spawnSync(process.execPath, [`--env-file=${files.ACCOUNT_ENV_FILE}`, path.join(repoRoot, 'apps/account/dist/cli/staff.js'), 'grant', 'nobody'], { cwd: repoRoot, encoding: 'utf8' });
  if (staff.status !== 1 || staff.stderr.trim() !== 'No account named nobody') fail(`the staff CLI answered ${staff.status}: ${staff.stderr.trim()}`);
  else console.log('start check: the staff CLI runs in production from the env file alone');
  rmSync(dir, { recursive: true, force: true });
}
