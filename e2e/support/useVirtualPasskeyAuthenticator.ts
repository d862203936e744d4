import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/** A credential as Chromium's virtual authenticator holds it (WebAuthn.Credential). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

export interface VirtualPasskeyAuthenticator {
  credentials(): Promise<VirtualCredential[]>;
  /** Replaces every credential the authenticator holds with these. */
  holdOnly(credentials: VirtualCredential[]): Promise<void>;
}

/**
 * Chromium's virtual authenticator as a device that keeps passkeys: CTAP2, resident keys, and a
 * user it verifies (PIN or biometrics) every time.
 */
export async function useVirtualPasskeyAuthenticator(context: BrowserContext, page: Page): Promise<VirtualPasskeyAuthenticator> {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    async credentials() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[];
    },
    async holdOnly(credentials) {
      await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
      for (const credential of credentials) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
  };
}

/**
 * A browser without passkey autofill (conditional mediation), where "Sign in with a passkey" is
 * the way in. Chromium's virtual authenticator answers an autofill request at once (as if the
 * person picked the passkey), so journeys that click the button need it off.
 */
export async function withoutPasskeyAutofill(page: Page): Promise<void> {
  // A string, since this package's TypeScript has no DOM types; it runs in the page.
  await page.addInitScript("Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: () => Promise.resolve(false) });");
}
