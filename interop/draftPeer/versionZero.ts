// A minimal version-0 token codec written from draft-hill-delegated-recovery §4 alone, for the
// test-only peer. It shares nothing with packages/core, so the two can disagree and a test
// notices.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface V0Fields {
  /** 0 recovery token, 1 countersigned token. */
  type: 0 | 1;
  tokenId: Buffer;
  options: number;
  issuer: string;
  audience: string;
  issuedTime: string;
  data: Buffer;
  binding: Buffer;
}

export interface V0Token extends V0Fields {
  internals: Buffer;
  signature: Buffer;
  raw: Buffer;
}

function lengthPrefixed(value: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(value.length);
  return Buffer.concat([length, value]);
}

/** token = base64(token_internals || token_signature), ECDSA P-256 over SHA-256, DER signature. */
export function encodeV0(fields: V0Fields, privateKey: KeyObject): string {
  const internals = Buffer.concat([
    Buffer.from([0, fields.type]),
    fields.tokenId,
    Buffer.from([fields.options]),
    lengthPrefixed(Buffer.from(fields.issuer, 'ascii')),
    lengthPrefixed(Buffer.from(fields.audience, 'ascii')),
    lengthPrefixed(Buffer.from(fields.issuedTime, 'ascii')),
    lengthPrefixed(fields.data),
    lengthPrefixed(fields.binding),
  ]);
  const signature = sign('sha256', internals, { key: privateKey, dsaEncoding: 'der' });
  return Buffer.concat([internals, signature]).toString('base64');
}

/** Parses the structure; throws on anything short or out of place. Checks no signature. */
export function parseV0(base64: string): V0Token {
  return parseV0Bytes(Buffer.from(base64, 'base64'));
}

export function parseV0Bytes(raw: Buffer): V0Token {
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > raw.length) throw new Error('token is truncated');
    const out = raw.subarray(at, at + n);
    at += n;
    return Buffer.from(out);
  };
  const field = (): Buffer => take(take(2).readUInt16BE(0));
  const [version, type] = take(2);
  if (version !== 0) throw new Error('version is not 0');
  if (type !== 0 && type !== 1) throw new Error('unknown type');
  const tokenId = take(16);
  const options = take(1)[0]!;
  const issuer = field().toString('ascii');
  const audience = field().toString('ascii');
  const issuedTime = field().toString('ascii');
  const data = field();
  const binding = field();
  const internals = Buffer.from(raw.subarray(0, at));
  const signature = Buffer.from(raw.subarray(at));
  if (signature.length < 8) throw new Error('no signature');
  return { type, tokenId, options, issuer, audience, issuedTime, data, binding, internals, signature, raw: Buffer.from(raw) };
}

/** Whether a current element of a published key array (base64 DER SPKI) signed the token. */
export function signedByOneOf(token: V0Token, publishedKeys: string[]): boolean {
  return publishedKeys.some((key) => {
    try {
      return verify('sha256', token.internals, { key: createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' }), dsaEncoding: 'der' }, token.signature);
    } catch {
      return false;
    }
  });
}
