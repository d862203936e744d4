import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';

/** Creation options arrive as loose JSON; checking the fields the browser call needs beats a blind cast. */
function isCreationOptions(value: Record<string, unknown>): value is Record<string, unknown> & PublicKeyCredentialCreationOptionsJSON {
  const user = value.user;
  return (
    typeof value.challenge === 'string' &&
    typeof value.rp === 'object' &&
    value.rp !== null &&
    typeof user === 'object' &&
    user !== null &&
    'id' in user &&
    typeof user.id === 'string' &&
    Array.isArray(value.pubKeyCredParams)
  );
}

/** Asks the browser (and the key) to create a credential from the server's options. */
export async function createSecurityKeyCredential(options: Record<string, unknown>): Promise<RegistrationResponseJSON> {
  if (!isCreationOptions(options)) throw new Error('The server sent security key options this page does not understand.');
  const { startRegistration } = await import('@simplewebauthn/browser');
  return startRegistration({ optionsJSON: options });
}
