import { randomBytes } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { SoftAuthenticator } from '@recovery/account/testing/softAuthenticator';

/** One virtual passkey: a P-256 key pair on a software authenticator, and what registration stored. */
export interface VirtualPasskey {
  authenticator: SoftAuthenticator;
  /** The credential id, base64url. */
  id: string;
  /** The COSE public key a registration verified (what each side stores, in its own encoding). */
  publicKey: Uint8Array<ArrayBuffer>;
  /** What the same registration reported, stored alongside by both sides. */
  deviceType: string;
  backedUp: boolean;
  transports: string[];
  aaguid: string;
  /** The client address its sign-ins come from (X-Forwarded-For): one per user, as in real life. */
  address: string;
}

/** 10.a.b.c for the i-th user: every user signs in from an address of their own. */
function addressOf(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/**
 * `count` discoverable credentials with user verification, each registered once through the
 * WebAuthn library (attestation none) so the stored public key and counter are exactly what a
 * real registration yields. Both sides register the same credentials, each in its own table.
 */
export async function createVirtualPasskeys(count: number, origin: string, rpId: string): Promise<VirtualPasskey[]> {
  const passkeys: VirtualPasskey[] = [];
  for (let i = 0; i < count; i++) {
    const authenticator = new SoftAuthenticator(origin, rpId, { residentKey: true, userVerification: true });
    const challenge = randomBytes(32).toString('base64url');
    // The browser reports the attachment as one of two words; the authenticator's output says it as a string.
    const response = { ...authenticator.register({ challenge }), authenticatorAttachment: 'cross-platform' as const };
    const verification = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpId, requireUserVerification: true });
    if (!verification.verified) throw new Error('a virtual passkey failed its own registration');
    const info = verification.registrationInfo;
    passkeys.push({
      authenticator,
      id: info.credential.id,
      publicKey: info.credential.publicKey,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      transports: response.response.transports,
      aaguid: info.aaguid,
      address: addressOf(i),
    });
  }
  return passkeys;
}

/** The user handle a discoverable credential returns: the account id's bytes, base64url. */
export function userHandleOf(userId: string): string {
  return isoBase64URL.fromBuffer(new TextEncoder().encode(userId));
}
