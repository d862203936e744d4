import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startDarrrr } from '../../interop/src/darrrrPeer.ts';
import type { DarrrrPeer } from '../../interop/src/darrrrPeer.ts';
import { freePorts, startStack } from '../../scripts/stack.ts';
import type { RunningStack } from '../../scripts/stack.ts';
import { startTlsTerminator } from '../../scripts/tlsTerminator.ts';
import type { TlsTerminator } from '../../scripts/tlsTerminator.ts';
import type { StackInfo } from '../stackInfo.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { newUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';
import { signUpAtPartnerSignIn } from '../support/signUpAtPartnerSignIn.ts';
import { supportApprovesRecovery } from '../support/supportApprovesRecovery.ts';

// GitHub's darrrr (interop/darrrr/harness.rb, the gem as published) is the account's recovery
// provider, on https://localhost behind the project's TLS terminator; the whole journey runs
// in Chromium: save, recover, countersigned return, support's verification and approval.
let stack: RunningStack | undefined;
let darrrr: DarrrrPeer | undefined;
let terminator: TlsTerminator | undefined;
let darrrrFront: TlsTerminator | undefined;
let info: StackInfo;
let darrrrOrigin: string;
let partnerOrigin: string;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-darrrr-'));

test.use({ ignoreHTTPSErrors: true });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const cert = path.join(dataDir, 'cert.pem');
  const key = path.join(dataDir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const [accountPort, partnerPort, accountTlsPort, partnerTlsPort, darrrrTlsPort] = await freePorts(5);
  const accountOrigin = `https://localhost:${accountTlsPort}`;
  partnerOrigin = `https://localhost:${partnerTlsPort}`;
  darrrrOrigin = `https://localhost:${darrrrTlsPort}`;
  darrrr = await startDarrrr({ authority: darrrrOrigin, caFile: cert, accountProviders: [accountOrigin], recoveryProviders: [partnerOrigin] });
  darrrrFront = await startTlsTerminator({ certFile: cert, keyFile: key, routes: [{ listen: darrrrTlsPort!, target: darrrr.port }] });
  terminator = await startTlsTerminator({
    certFile: cert,
    keyFile: key,
    routes: [
      { listen: accountTlsPort!, target: accountPort! },
      { listen: partnerTlsPort!, target: partnerPort! },
    ],
  });
  stack = await startStack({
    mode: 'test',
    accountPort: accountPort!,
    partnerPort: partnerPort!,
    dataDir,
    quiet: true,
    accountPublicUrl: accountOrigin,
    partnerPublicUrl: partnerOrigin,
    // Our account service keeps its tokens with darrrr; our partner keeps darrrr's.
    extraAccountEnv: { PARTNER_PROTOCOL: 'dar', PARTNER_URL: darrrrOrigin, PARTNER_NAME: 'darrrr', NODE_EXTRA_CA_CERTS: cert },
    extraPartnerEnv: { ALLOWED_TOKEN_ISSUERS: `${accountOrigin},${darrrrOrigin}`, NODE_EXTRA_CA_CERTS: cert },
  });
  info = { accountUrl: accountOrigin, partnerUrl: darrrrOrigin, dataDir, staffSetupKey: stack.demo.staffSetupKey, demoAccounts: stack.demo.accounts };
});

test.afterAll(async () => {
  await stack?.stop();
  await terminator?.close();
  await darrrrFront?.close();
  await darrrr?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('Recover Accounts Elsewhere with darrrr as the recovery provider, in Chromium over https', async ({ page }) => {
  test.setTimeout(120_000);
  const user = newUser('e2e-darrrr');
  await signUp(page, info.accountUrl, user);
  await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);

  // Save: our page posts the token to darrrr's save-token, which sends the browser back.
  const tokens = page.getByRole('region', { name: 'Recovery tokens' });
  await tokens.getByRole('button', { name: 'Store new token' }).click();
  const saved = page.waitForResponse((response) => response.url() === `${darrrrOrigin}/recovery-provider/save-token`);
  await tokens.getByRole('group', { name: 'Store a recovery token with darrrr' }).getByRole('button', { name: `Connect with ${darrrrOrigin}` }).click();
  expect((await saved).status()).toBe(302);
  await expect(tokens.getByText('Your recovery token is stored with darrrr.')).toBeVisible();
  await expect(tokens.getByRole('list', { name: 'Recovery tokens' }).getByRole('listitem')).toContainText('Ready');
  await signOut(page);

  // Recover: darrrr countersigns the token named by id and posts it back as `token`.
  await enterPassword(page, user);
  await page.getByRole('link', { name: 'Recover with darrrr' }).click();
  await page.getByRole('button', { name: 'Continue to darrrr' }).click();
  await expect(page).toHaveURL(new RegExp(`^${darrrrOrigin}/recovery-provider/recover-account\\?issuer=.*&id=[0-9a-f]{32}$`));
  const returned = page.waitForRequest((request) => request.method() === 'POST' && request.url() === `${info.accountUrl}/delegated-recovery/recover-account-return`);
  await page.getByRole('button', { name: 'Continue' }).click();
  expect([...new URLSearchParams((await returned).postData() ?? '').keys()]).toEqual(['token']);
  await expect(page.getByRole('heading', { level: 1, name: 'Account recovery started' })).toBeVisible();

  await supportApprovesRecovery(page, info, user, darrrrOrigin);
  const events = (await darrrr!.events()).filter((e) => e.role === 'rp').map((e) => e.event);
  expect(events).toEqual(['saved', 'countersigned']);
});

test('darrrr as the account provider: our partner saves its token and countersigns it back, in Chromium over https', async ({ page }) => {
  test.setTimeout(120_000);
  const partnerUser = newUser('e2e-darrrr-partner');
  // darrrr's own page (as its demo's /create) posts a fresh token to our save-token.
  await page.goto(`${darrrrOrigin}/account-provider/create?recovery_provider=${encodeURIComponent(partnerOrigin)}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await signUpAtPartnerSignIn(page, partnerUser);
  await page.getByRole('button', { name: `Save as ${partnerUser.username}` }).click();
  await expect(page.getByText('status: save-success')).toBeVisible();
  const saved = (await darrrr!.events()).filter((e) => e.role === 'ap' && e.event === 'created').at(-1)!;

  // darrrr's state_url is our recover-account with the token's id.
  await page.goto(`${partnerOrigin}/delegated-recovery/recover-account?id=${saved.id}`);
  const returned = page.waitForRequest((request) => request.method() === 'POST' && request.url() === `${darrrrOrigin}/account-provider/recover-account-return`);
  await page.getByRole('button', { name: 'Use this token' }).click();
  expect([...new URLSearchParams((await returned).postData() ?? '').keys()]).toEqual(['countersigned-token', 'token']);
  await expect(page.getByText(`recovered ${saved.id}`)).toBeVisible();
});
