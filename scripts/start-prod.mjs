// `npm run start:prod`: both services from their build (`npm run build`), with NODE_ENV=production
// and no TypeScript loader. The two services are two organisations and read the same variable
// names (PORT, DATABASE_URL, SECRET_KEY, PUBLIC_URL, …), so each takes its configuration from its
// own env file, ACCOUNT_ENV_FILE and PARTNER_ENV_FILE (Node's --env-file; a variable already in
// the environment wins). In a real deployment each service runs on its own:
// `node --env-file=account.env apps/account/dist/main.js`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const services = [
  { name: 'partner', envFile: process.env.PARTNER_ENV_FILE },
  { name: 'account', envFile: process.env.ACCOUNT_ENV_FILE },
];

for (const { name, envFile } of services) {
  const entry = path.join(repoRoot, `apps/${name}/dist/main.js`);
  if (!existsSync(entry)) {
    console.error(`${entry} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  if (!envFile || !existsSync(envFile)) {
    console.error(`${name.toUpperCase()}_ENV_FILE must name the ${name}'s env file (see README, "Production")`);
    process.exit(1);
  }
}

const { ACCOUNT_ENV_FILE: _a, PARTNER_ENV_FILE: _p, ...inherited } = process.env;
let failed = false;
const children = services.map(({ name, envFile }) => {
  const child = spawn(process.execPath, [`--env-file=${envFile}`, path.join(repoRoot, `apps/${name}/dist/main.js`)], {
    cwd: repoRoot,
    env: { ...inherited, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code) => {
      if (code !== 0) failed = true;
      resolve(code);
    }),
  );
  return { child, exited };
});

const stop = (signal) => {
  for (const { child } of children) if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
// One service down means the stack is down: stop the other and report it.
await Promise.race(children.map((c) => c.exited));
stop('SIGTERM');
await Promise.all(children.map((c) => c.exited));
process.exit(failed ? 1 : 0);
