import { expect, test, type Page } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { newUser, type NewUser } from '../support/newUser.ts';
import { signOut } from '../support/signOut.ts';
import { signUpWithTwoFactor } from '../support/signUpWithTwoFactor.ts';
import { useVirtualPasskeyAuthenticator, withoutPasskeyAutofill } from '../support/useVirtualPasskeyAuthenticator.ts';

/** On the settings page, still in sudo mode: "Add a passkey" under a nickname. */
async function addPasskey(page: Page, nickname: string): Promise<void> {
  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await passkeys.getByLabel('Nickname').fill(nickname);
  await passkeys.getByRole('button', { name: 'Add passkey' }).click();
  await expect(passkeys.getByRole('list', { name: 'Passkeys' }).getByRole('listitem').filter({ hasText: nickname })).toBeVisible();
}

async function expectSignedInAs(page: Page, user: NewUser): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Account', exact: true })).toContainText(user.username);
}

const refusal = 'The passkey could not be verified';

test('a passkey: add it, sign in with it alone, edit and delete it; a deleted passkey no longer signs in', async ({ page, context }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-passkey');
  await withoutPasskeyAutofill(page);
  await useVirtualPasskeyAuthenticator(context, page);
  await signUpWithTwoFactor(page, accountUrl, user);

  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await expect(passkeys.getByText('No passkeys yet.')).toBeVisible();
  await addPasskey(page, 'Laptop');

  await signOut(page);
  // The username field is where a browser with autofill offers passkeys (conditional mediation).
  await expect(page.getByLabel('Username or email')).toHaveAttribute('autocomplete', 'username webauthn');
  // No username, no password, no second step.
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectSignedInAs(page, user);

  const listed = passkeys.getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
  await expect(listed).toHaveCount(1);
  await expect(listed).not.toContainText('Last used Never');

  // A new session is not in sudo mode: "Edit" asks to confirm access first.
  await listed.getByRole('button', { name: 'Edit' }).click();
  await listed.getByLabel('Nickname').fill('Work laptop');
  await listed.getByRole('button', { name: 'Save' }).click();
  await confirmAccessWithPassword(page, user.password);
  await expect(listed).toContainText('Work laptop');

  // "Delete" asks first.
  await listed.getByRole('button', { name: 'Delete' }).click();
  const question = listed.getByRole('group', { name: 'Delete the passkey “Work laptop”?' });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Delete' }).click();
  await expect(passkeys.getByText('No passkeys yet.')).toBeVisible();
  await expect(passkeys.getByRole('status')).toHaveText('Deleted Work laptop.');

  // The authenticator still holds the credential; the account no longer knows it.
  await signOut(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert')).toContainText(refusal);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});

test("a passkey of another user is refused: a credential claiming someone else's account signs nobody in", async ({ page, context }) => {
  const { accountUrl } = stackInfo();
  const alice = newUser('e2e-pk-alice');
  const bob = newUser('e2e-pk-bob');
  await withoutPasskeyAutofill(page);
  const authenticator = await useVirtualPasskeyAuthenticator(context, page);

  await signUpWithTwoFactor(page, accountUrl, alice);
  await addPasskey(page, 'Alice laptop');
  const [aliceCredential] = await authenticator.credentials();
  await signOut(page);

  await signUpWithTwoFactor(page, accountUrl, bob);
  await addPasskey(page, 'Bob laptop');
  const bobCredential = (await authenticator.credentials()).find((credential) => credential.credentialId !== aliceCredential!.credentialId);
  await signOut(page);

  // Alice's credential (her id and her key) answering with Bob's user handle: refused.
  await authenticator.holdOnly([{ ...aliceCredential!, userHandle: bobCredential!.userHandle!, signCount: aliceCredential!.signCount + 10 }]);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert')).toContainText(refusal);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  // The same credential with its own user handle signs in Alice, and only Alice.
  await authenticator.holdOnly([{ ...aliceCredential!, signCount: aliceCredential!.signCount + 20 }]);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectSignedInAs(page, alice);
});

test('a security key registered as a discoverable credential is upgraded to a passkey, which then signs in alone', async ({ page, context }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-pk-upgrade');
  await withoutPasskeyAutofill(page);
  await useVirtualPasskeyAuthenticator(context, page);
  await signUpWithTwoFactor(page, accountUrl, user);

  const keys = page.getByRole('region', { name: 'Security keys' });
  await keys.getByRole('button', { name: 'Register new security key' }).click();
  await keys.getByLabel('Nickname').fill('Desk key');
  await keys.getByRole('button', { name: 'Add security key' }).click();
  await keys.getByRole('button', { name: 'Upgrade to passkey' }).click();
  await expect(keys.getByRole('status')).toHaveText('Desk key is now a passkey.');
  await expect(keys.getByText('No security keys registered.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Passkeys' }).getByRole('listitem').filter({ hasText: 'Desk key' })).toBeVisible();

  await signOut(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectSignedInAs(page, user);
});

test('passkey autofill: the username field offers the passkey on load, and picking it signs in', async ({ page, context }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-pk-autofill');
  const authenticator = await useVirtualPasskeyAuthenticator(context, page);
  // Registered without autofill running, so signing out does not sign straight back in.
  const credentials = await (async () => {
    await signUpWithTwoFactor(page, accountUrl, user);
    await addPasskey(page, 'Phone');
    return authenticator.credentials();
  })();
  expect(credentials).toHaveLength(1);

  // A new browser session: no cookies at all.
  await context.clearCookies();
  await page.goto(`${accountUrl}/sign-in`);
  // Nothing clicked or typed: Chromium's virtual authenticator picks the offered passkey as a person would from the list.
  await expectSignedInAs(page, user);
});
