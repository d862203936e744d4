import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { freePorts, startStack } from '../../scripts/stack.ts';
import type { RunningStack } from '../../scripts/stack.ts';
import { startTlsTerminator } from '../../scripts/tlsTerminator.ts';
import type { TlsTerminator } from '../../scripts/tlsTerminator.ts';
import type { StackInfo } from '../stackInfo.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { newUser, type NewUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInAsStaff, staffPassword } from '../support/signInAsStaff.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';

/** "Store new token" → "Connect with": our page form-POSTs the token to save-token; sign up there, "Save as <name there>". */
async function storeOverTheDraft(page: Page, partnerOrigin: string, partnerUser: NewUser): Promise<void> {
  const tokens = page.getByRole('region', { name: 'Recovery tokens' });
  await tokens.getByRole('button', { name: 'Store new token' }).click();
  const explainer = tokens.getByRole('group', { name: 'Store a recovery token with Partner' });
  const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url() === `${partnerOrigin}/delegated-recovery/save-token`);
  await explainer.getByRole('button', { name: `Connect with ${partnerOrigin}` }).click();
  const form = new URLSearchParams((await posted).postData() ?? '');
  expect([...form.keys()].sort()).toEqual(['state', 'token']);

  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Partner' })).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Username', { exact: true }).fill(partnerUser.username);
  await page.getByLabel('Email').fill(partnerUser.email);
  await page.getByLabel('Password').fill(partnerUser.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`with your Partner account, ${partnerUser.username}`)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/delegated-recovery/save-token/confirm');
  const returned = page.waitForRequest((request) => request.url().includes('/delegated-recovery/save-token-return?'));
  await page.getByRole('button', { name: `Save as ${partnerUser.username}` }).click();
  const back = new URL((await returned).url());
  expect(back.searchParams.get('status')).toBe('save-success');
  expect(back.searchParams.get('state')).toBe(form.get('state'));

  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await expect(tokens.getByText('Your recovery token is stored with Partner.')).toBeVisible();
  const listed = tokens.getByRole('list', { name: 'Recovery tokens' }).getByRole('listitem');
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText('Ready');
}

/** The whole journey over the draft protocol, on the stack `info` describes. */
async function journey(page: Page, info: StackInfo): Promise<void> {
  const { accountUrl, partnerUrl } = info;
  const partnerOrigin = new URL(partnerUrl).origin;
  const user = newUser('e2e-dar');
  const partnerUser = newUser('e2e-dar-partner');

  await signUp(page, accountUrl, user);
  await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  await storeOverTheDraft(page, partnerOrigin, partnerUser);
  await signOut(page);

  // Every factor lost: the password, "Recover with Partner", recover-account at the partner.
  await enterPassword(page, user);
  await page.getByRole('link', { name: 'Recover with Partner' }).click();
  await page.getByRole('button', { name: 'Continue to Partner' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Recover your account at/ })).toBeVisible();
  expect(page.url()).toBe(`${partnerOrigin}/delegated-recovery/recover-account?issuer=${encodeURIComponent(new URL(accountUrl).origin)}`);
  const returned = page.waitForRequest((request) => request.method() === 'POST' && request.url() === `${new URL(accountUrl).origin}/delegated-recovery/recover-account-return`);
  await page.getByRole('button', { name: 'Use this token' }).click();
  const posted = new URLSearchParams((await returned).postData() ?? '');
  expect([...posted.keys()]).toEqual(['countersigned-token']);
  await expect(page.getByRole('heading', { level: 1, name: 'Account recovery started' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/recovery/started');

  // Support sees the same verification report as for OAuth, and approves.
  await signInAsStaff(page, info);
  await page.getByRole('navigation').getByRole('link', { name: 'Support' }).click();
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await expect(request).toContainText(partnerOrigin);
  await request.getByRole('button', { name: 'Verify token' }).click();
  await expect(request.getByRole('status')).toHaveText(/^Verified again: all \d+ checks passed\.$/);
  await request.getByRole('button', { name: 'Approve' }).click();
  await request.getByRole('group', { name: `Approve the recovery of ${user.username}?` }).getByRole('button', { name: 'Approve' }).click();
  // Approving removes someone's 2FA: support confirms access first.
  await confirmAccessWithPassword(page, staffPassword(info));
  await expect(request.getByRole('status')).toHaveText(`Approved. Two-factor authentication was removed from ${user.username}, who was emailed.`);
  await signOut(page);

  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Disabled', { exact: true })).toBeVisible();
}

interface DraftStack {
  info: StackInfo;
  stop(): Promise<void>;
}

/**
 * A second stack whose account service speaks the draft's browser protocol to our partner
 * (PARTNER_PROTOCOL=dar): form POSTs through the browser, no OAuth. With `https`, both are
 * published as https://localhost:… behind the local TLS terminator and a self-signed certificate.
 */
async function startDraftStack(https: boolean): Promise<DraftStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-dar-stack-'));
  const [accountPort, partnerPort, accountTlsPort, partnerTlsPort] = await freePorts(4);
  let terminator: TlsTerminator | undefined;
  const tlsEnv: Record<string, string> = {};
  if (https) {
    const cert = path.join(dataDir, 'cert.pem');
    const key = path.join(dataDir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    terminator = await startTlsTerminator({ certFile: cert, keyFile: key, routes: [{ listen: accountTlsPort!, target: accountPort! }, { listen: partnerTlsPort!, target: partnerPort! }] });
    tlsEnv.NODE_EXTRA_CA_CERTS = cert;
  }
  const stack: RunningStack = await startStack({
    mode: 'test',
    accountPort: accountPort!,
    partnerPort: partnerPort!,
    dataDir,
    quiet: true,
    accountPublicUrl: https ? `https://localhost:${accountTlsPort}` : undefined,
    partnerPublicUrl: https ? `https://localhost:${partnerTlsPort}` : undefined,
    extraAccountEnv: { PARTNER_PROTOCOL: 'dar', ...tlsEnv },
    extraPartnerEnv: tlsEnv,
  });
  const accountUrl = https ? `https://localhost:${accountTlsPort}` : stack.accountUrl;
  return {
    info: { accountUrl, partnerUrl: stack.partnerUrl, dataDir, staffSetupKey: stack.demo.staffSetupKey, demoAccounts: stack.demo.accounts },
    async stop() {
      await stack.stop();
      await terminator?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

for (const https of [false, true]) {
  test.describe(https ? 'over https behind the local TLS terminator' : 'over http on loopback', () => {
    let draft: DraftStack;
    test.use({ ignoreHTTPSErrors: https });
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      draft = await startDraftStack(https);
    });
    test.afterAll(async () => {
      await draft?.stop();
    });

    test('Recover Accounts Elsewhere over the draft protocol: save-token and recover-account through the browser', async ({ page }) => {
      test.setTimeout(120_000);
      expect(new URL(draft.info.partnerUrl).protocol).toBe(https ? 'https:' : 'http:');
      await journey(page, draft.info);
    });
  });
}
