import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

const b64 = (bytes: Uint8Array): string => isoBase64URL.fromBuffer(new Uint8Array(bytes));
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

export interface SoftAuthenticatorOptions {
  /** Keeps discoverable (resident) credentials: reports credProps.rk and returns the user handle. */
  residentKey?: boolean;
  /** Verifies its user (the UV flag); without it only presence is asserted. */
  userVerification?: boolean;
}

/**
 * A software WebAuthn authenticator (ES256, attestation "none") that produces real, signed
 * registration and authentication responses, so tests exercise the verification code end to end
 * instead of mocking the library. By default it verifies its user and keeps no resident keys.
 */
export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  counter = 0;
  /** The user handle of the registration (the RP's user.id), returned by a resident credential. */
  userHandle: string | null = null;
  private readonly residentKey: boolean;
  private readonly userVerification: boolean;

  constructor(
    private readonly origin: string,
    private readonly rpId: string,
    options: SoftAuthenticatorOptions = {},
  ) {
    this.residentKey = options.residentKey ?? false;
    this.userVerification = options.userVerification ?? true;
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64(this.credentialId);
  }

  private cosePublicKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, isoBase64URL.toBuffer(jwk.x!)],
        [-3, isoBase64URL.toBuffer(jwk.y!)],
      ]),
    );
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private flags(base: number): Buffer {
    return Buffer.from([base | (this.userVerification ? 0x04 : 0)]);
  }

  register(options: { challenge: string; user?: { id: string } }, overrides: { origin?: string; rpId?: string } = {}) {
    if (this.residentKey && options.user) this.userHandle = options.user.id;
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, overrides.origin);
    const credentialPublicKey = this.cosePublicKey();
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(overrides.rpId ?? this.rpId),
      this.flags(0x41), // user present, attested credential data (and user verified)
      u32(this.counter),
      Buffer.alloc(16), // AAGUID
      idLength,
      this.credentialId,
      credentialPublicKey,
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ['usb'] },
      clientExtensionResults: { credProps: { rk: this.residentKey } },
      authenticatorAttachment: 'cross-platform',
    };
  }

  /** An assertion; the counter moves forward unless the test pins it (to imitate a clone). */
  authenticate(options: { challenge: string }, overrides: { counter?: number; origin?: string; credentialId?: string; userHandle?: string } = {}) {
    this.counter = overrides.counter ?? this.counter + 1;
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides.origin);
    const authenticatorData = Buffer.concat([sha256(this.rpId), this.flags(0x01), u32(this.counter)]);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    const id = overrides.credentialId ?? this.id;
    const userHandle = overrides.userHandle ?? this.userHandle;
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authenticatorData), signature: b64(signature), ...(userHandle ? { userHandle } : {}) },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }
}
