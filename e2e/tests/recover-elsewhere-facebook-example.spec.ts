import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { generateP256KeyPair, privateKeyToPem } from '@recovery/core/token/index';
import { resolveTestNames, startFacebookExample } from '../../interop/src/facebookExampleApp.ts';
import type { FacebookExampleApp } from '../../interop/src/facebookExampleApp.ts';
import { recordJourney, syncJourneyTable } from '../../interop/src/journeys.ts';
import { testCertificate } from '../../interop/src/testCertificate.ts';
import { stopProcess, waitForHealth } from '../../scripts/childProcesses.ts';
import { builtEntry, freePorts, repoRoot } from '../../scripts/stack.ts';
import { startTlsTerminator } from '../../scripts/tlsTerminator.ts';
import type { TlsTerminator } from '../../scripts/tlsTerminator.ts';
import { newUser } from '../support/newUser.ts';
import type { NewUser } from '../support/newUser.ts';
import { signUpAtPartnerSignIn } from '../support/signUpAtPartnerSignIn.ts';

// Facebook's Node example app (examples/nodejs with the SDK's sdk/js-src, as published, patched
// only in interop/src/facebookExampleApp.ts) is an account provider of our partner. All three
// run as their own processes on https behind the project's TLS terminator, under *.test names
// (the SDK accepts only https://host.tld origins), which Chromium and the processes resolve to
// 127.0.0.1. A second copy of the example app (elsewhere.test) supplies a countersigned token
// addressed to another account provider.
const peer = 'Facebook example app (examples/nodejs + sdk/js-src), over https, in Chromium';
const role = 'account provider → our partner';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-fb-example-'));
let partner: ChildProcess | undefined;
let example: FacebookExampleApp | undefined;
let elsewhere: FacebookExampleApp | undefined;
let terminator: TlsTerminator | undefined;
let partnerOrigin: string;
let exampleOrigin: string;
let elsewhereOrigin: string;

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP *.test 127.0.0.1'],
  },
});

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const { certFile: cert, keyFile: key } = testCertificate(dataDir, ['partner.test', 'fbexample.test', 'elsewhere.test'], 1);
  const [partnerPort, partnerTls, examplePort, exampleTls, elsewherePort, elsewhereTls] = (await freePorts(6)) as [number, number, number, number, number, number];
  partnerOrigin = `https://partner.test:${partnerTls}`;
  exampleOrigin = `https://fbexample.test:${exampleTls}`;
  elsewhereOrigin = `https://elsewhere.test:${elsewhereTls}`;
  terminator = await startTlsTerminator({
    certFile: cert,
    keyFile: key,
    routes: [
      { listen: partnerTls, target: partnerPort },
      { listen: exampleTls, target: examplePort },
      { listen: elsewhereTls, target: elsewherePort },
    ],
  });
  // A partner on a non-loopback https origin runs in production mode, with its keys given.
  partner = spawn(process.execPath, ['--require', resolveTestNames, '--enable-source-maps', builtEntry('partner')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(partnerPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: partnerOrigin,
      SECRET_KEY: randomBytes(32).toString('base64'),
      ACCOUNT_URL: 'https://accounts.test',
      ACCOUNT_CLIENT_SECRET: randomBytes(32).toString('hex'),
      COUNTERSIGN_PRIVATE_KEYS: privateKeyToPem(generateP256KeyPair().privateKey),
      OIDC_JWKS: JSON.stringify({ keys: [generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' })] }),
      ALLOWED_TOKEN_ISSUERS: `${exampleOrigin},${elsewhereOrigin}`,
      NODE_EXTRA_CA_CERTS: cert,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(`http://127.0.0.1:${partnerPort}`, partner, 'the partner');
  example = await startFacebookExample({ origin: exampleOrigin, port: examplePort, recoveryProvider: partnerOrigin, caFile: cert });
  elsewhere = await startFacebookExample({ origin: elsewhereOrigin, port: elsewherePort, recoveryProvider: partnerOrigin, caFile: cert });
});

test.afterAll(async () => {
  await example?.close();
  await elsewhere?.close();
  if (partner) await stopProcess(partner);
  await terminator?.close();
  rmSync(dataDir, { recursive: true, force: true });
  const table = syncJourneyTable('facebook-example');
  expect(table.actual, 'README.md interop table (rewrite with UPDATE_INTEROP_TABLE=1)').toBe(table.expected);
});

/** The example's own pages: log in as `username`, "Use Facebook" (our partner), save there. */
async function saveWithPartner(page: Page, site: string, username: string, partnerUser: NewUser | undefined): Promise<void> {
  await page.goto(`${site}/`);
  await page.getByPlaceholder('username').fill(username);
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page.getByText("You don't have a way to recover if you forget your password!")).toBeVisible();
  await page.getByRole('button', { name: 'Use Facebook' }).click();
  if (partnerUser) await signUpAtPartnerSignIn(page, partnerUser);
  const back = page.waitForRequest((request) => request.url().startsWith(`${site}/save-token-return/?`));
  await page.getByRole('button', { name: /^Save as / }).click();
  expect(new URL((await back).url()).searchParams.get('status')).toBe('save-success');
  await expect(page.getByText(`Thanks, ${username}`)).toBeVisible();
}

/** The example's "Forgot Password" for `username`, on to our partner, which posts the countersigned token back. */
async function recoverAtPartner(page: Page, site: string, username: string): Promise<void> {
  await page.goto(`${site}/identify-account/?username=${encodeURIComponent(username)}`);
  await expect(page.getByText(`Recover ${username}'s Account`)).toBeVisible();
  await page.getByRole('button', { name: 'Begin' }).click();
  await expect(page).toHaveURL(new RegExp(`^${partnerOrigin}/delegated-recovery/recover-account\\?state=`));
  await page.getByRole('button', { name: 'Use this token' }).click();
}

/** A form POST of `token` (base64: safe in an attribute) to the example's recover-account-return, from a page on the example's origin. */
async function postToken(page: Page, site: string, token: string): Promise<void> {
  await page.goto(`${site}/`);
  await page.setContent(`<form method="POST" action="${site}/recover-account-return/"><input type="hidden" name="token" value="${token}"><button>Post the token</button></form>`);
  await page.getByRole('button', { name: 'Post the token' }).click();
}

test("the example app saves its token with our partner, recovers with it, and verifies our countersigned token; it refuses a replay", async ({ page }) => {
  test.setTimeout(120_000);
  const partnerUser = newUser('e2e-fbex');
  const username = `fb-${partnerUser.username}`;
  // Configuration: the SDK's middleware publishes the example's (over https, its own origin as
  // issuer once patched); the example fetches ours for save-token and recover-account.
  const configuration = (await (await page.goto(`${exampleOrigin}/.well-known/delegated-account-recovery/configuration`))!.json()) as Record<string, unknown>;
  expect(configuration).toMatchObject({ issuer: exampleOrigin, 'save-token-return': `${exampleOrigin}/save-token-return/`, 'recover-account-return': `${exampleOrigin}/recover-account-return/` });
  await saveWithPartner(page, exampleOrigin, username, partnerUser);
  await recordJourney({ peer, role, journey: 'configuration both ways, save (its form posts `token`; our partner returns save-success)', result: 'passes' });

  const returned = page.waitForRequest((request) => request.method() === 'POST' && request.url() === `${exampleOrigin}/recover-account-return/`);
  await recoverAtPartner(page, exampleOrigin, username);
  const fields = new URLSearchParams((await returned).postData() ?? '');
  expect([...fields.keys()]).toEqual(['countersigned-token', 'token']);
  await expect(page.getByText(`Welcome back, ${username}!`)).toBeVisible();
  await expect(page.getByText('You successfully recovered access to your account.')).toBeVisible();
  await recordJourney({ peer, role, journey: 'recover: our partner countersigns and posts `token` back; the example verifies it (SDK CountersignedToken.fromSerialized)', result: 'passes' });

  await postToken(page, exampleOrigin, fields.get('token')!);
  await expect(page.getByText('Countersigned token replay detected!')).toBeVisible();
  await recordJourney({ peer, role, journey: 'refusal: the same countersigned token posted again', result: 'refused by the example (replay)' });
});

test('the example app refuses a tampered countersigned token and one addressed to another account provider', async ({ page }) => {
  test.setTimeout(120_000);
  const partnerUser = newUser('e2e-fbex-refuse');
  const username = `fb-${partnerUser.username}`;
  await saveWithPartner(page, exampleOrigin, username, partnerUser);

  // Tampered: one bit of our signature flipped on its way back to the example.
  await page.route(`${exampleOrigin}/recover-account-return/`, async (route) => {
    const fields = new URLSearchParams(route.request().postData() ?? '');
    const token = Buffer.from(fields.get('token') ?? '', 'base64');
    token[token.length - 4] = (token[token.length - 4] ?? 0) ^ 0x01;
    fields.set('token', token.toString('base64'));
    fields.set('countersigned-token', token.toString('base64'));
    await route.continue({ postData: fields.toString() });
  });
  await recoverAtPartner(page, exampleOrigin, username);
  await expect(page.getByText('Something went wrong. We could not recover your account.')).toBeVisible();
  await expect(page.getByText('invalid countersigned token signature')).toBeVisible();
  await page.unroute(`${exampleOrigin}/recover-account-return/`);
  await recordJourney({ peer, role, journey: 'refusal: countersigned token tampered with on its way back', result: 'refused by the example (invalid signature)' });

  // Wrong audience: a genuine countersigned token for elsewhere.test, posted to fbexample.test.
  await saveWithPartner(page, elsewhereOrigin, username, undefined);
  const forElsewhere = page.waitForRequest((request) => request.method() === 'POST' && request.url() === `${elsewhereOrigin}/recover-account-return/`);
  await recoverAtPartner(page, elsewhereOrigin, username);
  const token = new URLSearchParams((await forElsewhere).postData() ?? '').get('token')!;
  await expect(page.getByText(`Welcome back, ${username}!`)).toBeVisible();
  await postToken(page, exampleOrigin, token);
  await expect(page.getByText('Something went wrong. We could not recover your account.')).toBeVisible();
  await expect(page.getByText('incorrect audience')).toBeVisible();
  await recordJourney({ peer, role, journey: "refusal: a countersigned token for another account provider (wrong audience)", result: 'refused by the example (incorrect audience)' });
});
