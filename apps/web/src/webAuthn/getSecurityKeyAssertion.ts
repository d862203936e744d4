import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { loadCoreApi } from '../api/coreApi.ts';
import type { SecurityKeyAssertion } from './SecurityKeyResponse.ts';

function isRequestOptions(value: Record<string, unknown>): value is Record<string, unknown> & PublicKeyCredentialRequestOptionsJSON {
  return typeof value.challenge === 'string';
}

/**
 * Asks a registered key (or passkey) to sign the server's challenge. The result goes through the
 * shared schema so it has exactly the type the sign-in and sudo requests are declared with. With
 * `autofill`, the browser offers passkeys in the field marked `autocomplete="… webauthn"`
 * (conditional mediation) instead of opening a prompt.
 */
export async function getSecurityKeyAssertion(options: Record<string, unknown>, { autofill = false } = {}): Promise<SecurityKeyAssertion> {
  if (!isRequestOptions(options)) throw new Error('The server sent security key options this page does not understand.');
  // Loaded on use, so the sign-in page stays small for the many who never touch a key.
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const response = await startAuthentication(autofill ? { optionsJSON: options, useBrowserAutofill: true } : { optionsJSON: options });
  return (await loadCoreApi()).authenticationResponse.parse(response);
}

/**
 * Closes a pending security key prompt: the assertion rejects (an AbortError) and the form that
 * asked for it is usable again.
 */
export async function cancelSecurityKeyPrompt(): Promise<void> {
  const { WebAuthnAbortService } = await import('@simplewebauthn/browser');
  WebAuthnAbortService.cancelCeremony();
}
