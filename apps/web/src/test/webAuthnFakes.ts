import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';

export const creationOptions = {
  challenge: 'Y2hhbGxlbmdl',
  rp: { name: 'Account', id: 'localhost' },
  user: { id: 'dXNyXzE', name: 'octocat', displayName: 'octocat' },
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
};

export const requestOptions = { challenge: 'c2lnbi1pbg', rpId: 'localhost', allowCredentials: [] };

export const registrationResult: RegistrationResponseJSON = {
  id: 'Y3JlZC0x',
  rawId: 'Y3JlZC0x',
  type: 'public-key',
  response: { clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0', attestationObject: 'o2NmbXRkbm9uZQ', transports: ['usb'] },
  clientExtensionResults: {},
};

export const assertionResult: AuthenticationResponseJSON = {
  id: 'Y3JlZC0x',
  rawId: 'Y3JlZC0x',
  type: 'public-key',
  response: { clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0', authenticatorData: 'SZYN5YgO', signature: 'MEUCIQ' },
  clientExtensionResults: {},
};

/** What a browser throws when the user dismisses the prompt or the key times out. */
export function notAllowed(): Error {
  const error = new Error('The operation either timed out or was not allowed.');
  error.name = 'NotAllowedError';
  return error;
}
