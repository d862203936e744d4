import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopProcess } from '../../scripts/childProcesses.ts';
import { referencePeersDir } from './referencePeers.ts';

/** Preload for every process of the journey: *.test names resolve to 127.0.0.1. */
export const resolveTestNames = fileURLToPath(new URL('../facebookExample/resolveTestNames.cjs', import.meta.url));

export interface FacebookExampleApp {
  close(): Promise<void>;
}

/**
 * The harness's only changes to the example's index.js, each of which must match exactly once
 * (a changed example fails here instead of running something else).
 */
function patchedIndex(source: string, recoveryProvider: string): string {
  const patches: [string, string, string][] = [
    // Its one recovery provider is hard-coded: ours instead of Facebook.
    ["const recoveryProvider = 'https://www.facebook.com';", `const recoveryProvider = ${JSON.stringify(recoveryProvider)};`, 'recovery provider'],
    // The SDK's middleware writes `'https://' + issuer`, while tokens carry ISSUER_ORIGIN whole:
    // as published, the configuration says https://https://… and no provider can match it.
    ['"issuer": issuerOrigin,', '"issuer": new URL(issuerOrigin).host,', 'configuration issuer'],
    // Loopback only on this machine.
    ["app.listen(app.get('port'), () => {", "app.listen(app.get('port'), '127.0.0.1', () => {", 'listen address'],
  ];
  return patches.reduce((text, [from, to, what]) => {
    if (text.split(from).length !== 2) throw new Error(`the Facebook example's index.js changed: cannot patch its ${what}`);
    return text.replace(from, to);
  }, source);
}

/**
 * Facebook's Node example app (examples/nodejs, as published) as an account provider: copied
 * to a temporary folder, patched there (patchedIndex), run as its own process on plain http at
 * `port` behind the caller's TLS front at `origin`. Its dependencies come from this workspace:
 * Express 4 (the example's `app.all('*')` does not run on Express 5), express-mustache,
 * body-parser, and for `delegated-account-recovery` the SDK's published sdk/js-src.
 */
export async function startFacebookExample(options: { origin: string; port: number; recoveryProvider: string; caFile: string }): Promise<FacebookExampleApp> {
  const reference = path.join(referencePeersDir(), 'facebook-reference');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fb-example-'));
  cpSync(path.join(reference, 'examples', 'nodejs'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.js'), patchedIndex(readFileSync(path.join(dir, 'index.js'), 'utf8'), options.recoveryProvider));
  const require = createRequire(import.meta.url);
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
  symlinkSync(packageDir('express4'), path.join(modules, 'express'));
  symlinkSync(packageDir('express-mustache'), path.join(modules, 'express-mustache'));
  symlinkSync(packageDir('body-parser'), path.join(modules, 'body-parser'));
  mkdirSync(path.join(modules, 'delegated-account-recovery'));
  writeFileSync(path.join(modules, 'delegated-account-recovery', 'index.js'), `module.exports = require(${JSON.stringify(path.join(reference, 'sdk', 'js-src', 'index.js'))});\n`);

  // As its README: RECOVERY_PRIVATE_KEY / RECOVERY_PUBLIC_KEY are base64 DER, no PEM wrapping.
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const child: ChildProcess = spawn(process.execPath, ['--require', resolveTestNames, '--no-deprecation', 'index.js'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(options.port),
      ISSUER_ORIGIN: options.origin,
      RECOVERY_PRIVATE_KEY: keys.privateKey.export({ format: 'der', type: 'sec1' }).toString('base64'),
      RECOVERY_PUBLIC_KEY: keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      NODE_EXTRA_CA_CERTS: options.caFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('Node app is running on port')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the Facebook example app exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    async close() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
