import { z } from 'zod';

const b64url = z.string().max(4096).regex(/^[A-Za-z0-9_-]*$/, 'Expected base64url');

/** What @simplewebauthn/browser's startRegistration returns (RegistrationResponseJSON). */
export const registrationResponse = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(32).optional(),
});

/** What startAuthentication returns (AuthenticationResponseJSON). */
export const authenticationResponse = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(32).optional(),
});

export const nicknameField = z.string().trim().min(1, 'Give the key a nickname').max(64, 'Nickname is at most 64 characters');

export const registerSecurityKeyRequest = z.strictObject({
  nickname: nicknameField,
  response: registrationResponse,
});

export const renameSecurityKeyRequest = z.strictObject({ nickname: nicknameField });

export const securityKeyIdParams = z.strictObject({ id: b64url.min(1) });

export const securityKeyView = z.object({
  id: z.string(),
  nickname: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** A security key registered as a discoverable credential with user verification: "Upgrade to passkey" can mark it one. */
  upgradable: z.boolean(),
});
export type SecurityKeyView = z.infer<typeof securityKeyView>;

export const securityKeyList = z.object({ keys: z.array(securityKeyView) });

/** Options for navigator.credentials.create / get, as JSON (passed to @simplewebauthn/browser). */
export const webAuthnOptions = z.object({ options: z.record(z.string(), z.unknown()) });

export const passkeyView = z.object({
  id: z.string(),
  nickname: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type PasskeyView = z.infer<typeof passkeyView>;

export const passkeyList = z.object({ passkeys: z.array(passkeyView) });

export const registerPasskeyRequest = registerSecurityKeyRequest;

/** "Sign in with a passkey" (or autofill): the assertion alone, no login and no password. */
export const passkeySignInRequest = z.strictObject({ response: authenticationResponse });

/** "Upgrade to passkey": an assertion with user verification from that very key. */
export const upgradeToPasskeyRequest = z.strictObject({ response: authenticationResponse });
