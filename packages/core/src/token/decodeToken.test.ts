import { Buffer } from 'node:buffer';
import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { decodeToken } from './decodeToken.ts';
import { encodeInternals } from './encodeInternals.ts';
import { generateP256KeyPair } from './keys.ts';
import { signToken } from './signToken.ts';
import {
  KAT_FIELDS,
  KAT_INTERNALS,
  KAT_SIGNATURE,
  KAT_TOKEN,
  ascii,
  concatBytes,
  expectAppError,
  fixedPrivateKey,
  fixedPublicKey,
  fromBase64,
  sampleFields,
  thrownBy,
  toBase64,
} from './testFixtures.ts';
import { MAX_TOKEN_BYTES, TokenOptions } from './tokenTypes.ts';
import type { TokenFields } from './tokenTypes.ts';
import { verifyTokenSignature } from './verifyTokenSignature.ts';

const { privateKey } = generateP256KeyPair();

function fieldsOf(fields: TokenFields): TokenFields {
  const { version, type, tokenId, options, issuer, audience, issuedTime, data, binding } = fields;
  return { version, type, tokenId, options, issuer, audience, issuedTime, data, binding };
}

function expectMalformed(input: string, opts?: { maxBytes?: number }): AppError {
  return expectAppError(() => decodeToken(input, opts), 'malformed_token');
}

describe('decodeToken known answers', () => {
  it('decodes a hand-built token into the expected fields', () => {
    const token = decodeToken(KAT_TOKEN);
    expect(fieldsOf(token)).toEqual(KAT_FIELDS);
    expect(token.internals).toEqual(KAT_INTERNALS);
    expect(token.signature).toEqual(KAT_SIGNATURE);
    expect(token.raw).toEqual(concatBytes(KAT_INTERNALS, KAT_SIGNATURE));
  });

  it('verifies the frozen signature against the fixed public key', () => {
    expect(verifyTokenSignature(decodeToken(KAT_TOKEN), [fixedPublicKey])).toEqual({ keyIndex: 0 });
  });

  it('decodes a hand-built countersigned token with a 72-byte signature', () => {
    // A syntactically valid signature with both integers at their 33-byte maximum.
    const integer = [0x02, 0x21, 0x00, ...new Array<number>(32).fill(0x80)];
    const signature = [0x30, 0x46, ...integer, ...integer];
    const internals = concatBytes(
      [0x00, 0x01],
      new Array<number>(16).fill(0x11),
      [0x02],
      [0x00, 0x08, ...ascii('http://a')],
      [0x00, 0x11, ...ascii('https://b.example')],
      [0x00, 0x19, ...ascii('2026-11-28T01:02:03+05:30')],
      [0x00, 0x00],
      [0x00, 0x01, 0xff],
    );
    const token = decodeToken(toBase64(concatBytes(internals, signature)));
    expect(token.type).toBe(1);
    expect(token.options).toBe(TokenOptions.LowFriction);
    expect(token.issuer).toBe('http://a');
    expect(token.audience).toBe('https://b.example');
    expect(token.issuedTime).toBe('2026-11-28T01:02:03+05:30');
    expect(token.data).toEqual(new Uint8Array(0));
    expect(token.binding).toEqual(Uint8Array.from([0xff]));
    expect(token.signature.length).toBe(72);
  });

  it('accepts base64 without padding and base64url', () => {
    let sawPadding = false;
    let sawUrlAlphabet = false;
    // Data lengths 0-2 give every token length modulo 3, hence every padding case.
    for (let n = 0; n < 12; n++) {
      const token = signToken(sampleFields({ data: new Uint8Array(randomBytes(n)) }), privateKey);
      const raw = Buffer.from(token, 'base64');
      const expected = fieldsOf(decodeToken(token));
      const url = raw.toString('base64url');
      sawPadding ||= token.endsWith('=');
      sawUrlAlphabet ||= /[-_]/.test(url);
      expect(fieldsOf(decodeToken(token.replace(/=+$/, '')))).toEqual(expected);
      expect(fieldsOf(decodeToken(url))).toEqual(expected);
      expect(fieldsOf(decodeToken(url.padEnd(Math.ceil(url.length / 4) * 4, '=')))).toEqual(expected);
    }
    expect(sawPadding).toBe(true);
    expect(sawUrlAlphabet).toBe(true);
  });

  it('returns copies that do not alias each other', () => {
    const token = decodeToken(KAT_TOKEN);
    token.raw[0] = 0xff;
    expect(token.internals[0]).toBe(0x00);
  });
});

describe('decodeToken round trips', () => {
  const optionSets = [0, TokenOptions.StatusRequested, TokenOptions.LowFriction, 0x03];
  for (const type of [0, 1] as const) {
    // Draft §4.2.1: a countersigned token never sets bit 0 (status requested).
    for (const options of optionSets.filter((o) => type === 0 || (o & TokenOptions.StatusRequested) === 0)) {
      it(`round-trips type ${type} with options ${options}`, () => {
        const fields = sampleFields({ type, options });
        expect(fieldsOf(decodeToken(signToken(fields, privateKey)))).toEqual(fields);
      });
    }
  }

  it('round-trips empty data and binding', () => {
    const fields = sampleFields({ data: new Uint8Array(0), binding: new Uint8Array(0) });
    expect(fieldsOf(decodeToken(signToken(fields, privateKey)))).toEqual(fields);
  });

  it('round-trips fields at their maximum size', () => {
    const fields = sampleFields({
      issuer: `https://${'i'.repeat(63)}.example:65535`,
      data: new Uint8Array(randomBytes(65535)),
      binding: new Uint8Array(65535).fill(0xaa),
    });
    const token = decodeToken(signToken(fields, privateKey));
    // Byte-wise comparisons: deep equality over 64 KiB arrays is slow enough to time out under load.
    const { data, binding, ...rest } = fieldsOf(token);
    const { data: wantData, binding: wantBinding, ...wantRest } = fields;
    expect(rest).toEqual(wantRest);
    expect(Buffer.compare(data, wantData)).toBe(0);
    expect(Buffer.compare(binding, wantBinding)).toBe(0);
    expect(Buffer.compare(token.internals, encodeInternals(fields))).toBe(0);
  });

  it('round-trips punycode origins and offset times', () => {
    const fields = sampleFields({
      issuer: 'https://xn--bcher-kva.example',
      audience: 'http://127.0.0.1:4000',
      issuedTime: '2026-11-28t01:02:03.123456-08:00',
    });
    expect(fieldsOf(decodeToken(signToken(fields, privateKey)))).toEqual(fields);
  });
});

describe('decodeToken refuses malformed input', () => {
  const valid = fromBase64(KAT_TOKEN);
  const internalsLength = KAT_INTERNALS.length;

  function withByte(at: number, value: number): string {
    const copy = valid.slice();
    copy[at] = value;
    return toBase64(copy);
  }

  it('refuses the empty string', () => {
    expectMalformed('');
    expectMalformed('====');
  });

  it.each([
    ['junk characters', '!!!!'],
    ['a space inside', `${KAT_TOKEN.slice(0, 8)} ${KAT_TOKEN.slice(8)}`],
    ['a trailing newline', `${KAT_TOKEN}\n`],
    ['mixed alphabets', `${KAT_TOKEN.slice(0, 8)}-_${KAT_TOKEN.slice(10)}`],
    ['a dangling character', `${KAT_TOKEN}A`],
    ['padding in the middle', `AA==${KAT_TOKEN}`],
    ['three padding characters', 'AAAAAA==='],
    ['padding on an unpadded length', 'AAAAA='],
    ['non-canonical trailing bits', 'AB=='],
  ])('refuses base64 with %s', (_name, input) => {
    expectMalformed(input);
  });

  it('refuses a token cut at every byte offset', () => {
    for (let length = 0; length < valid.length; length++) {
      expectMalformed(toBase64(valid.slice(0, length)));
    }
  });

  it('refuses a wrong version byte', () => {
    for (const version of [1, 2, 0x80, 0xff]) {
      expect(expectMalformed(withByte(0, version)).message).toMatch(/version/);
    }
  });

  it('refuses unknown token types', () => {
    for (const type of [2, 3, 0xff]) {
      expect(expectMalformed(withByte(1, type)).message).toMatch(/type/);
    }
  });

  it('refuses a length prefix longer than the remaining bytes', () => {
    const issuerLengthAt = 19;
    expectMalformed(withByte(issuerLengthAt, 0xff));
    const bindingLengthAt = internalsLength - 4;
    const copy = valid.slice();
    copy[bindingLengthAt] = 0x01;
    expectMalformed(toBase64(copy));
    expectMalformed(toBase64(concatBytes(KAT_INTERNALS.slice(0, 20), [0xff])));
  });

  it('refuses extra bytes after the signature', () => {
    for (const extra of [[0x00], [0x30, 0x00], Array.from(KAT_SIGNATURE)]) {
      expect(expectMalformed(toBase64(concatBytes(valid, extra))).message).toMatch(/extra bytes/);
    }
  });

  it('refuses a missing signature', () => {
    expect(expectMalformed(toBase64(KAT_INTERNALS)).message).toMatch(/no signature/);
  });

  it.each<[string, number[]]>([
    ['a raw 64-byte r||s signature', Array.from(randomBytes(64))],
    ['a wrong outer tag', [0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['a long-form length', [0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['a SEQUENCE longer than 72 bytes', [0x30, 0x47, ...new Array<number>(0x47).fill(0x02)]],
    ['one INTEGER only', [0x30, 0x03, 0x02, 0x01, 0x01]],
    ['three INTEGERs', [0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['a wrong inner tag', [0x30, 0x06, 0x04, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['a negative INTEGER', [0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01]],
    ['a zero INTEGER', [0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01]],
    ['an empty INTEGER', [0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x01]],
    ['a non-minimal INTEGER', [0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]],
    ['an INTEGER overrunning the SEQUENCE', [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x02, 0x01]],
    ['a 33-byte INTEGER without a sign byte', [0x30, 0x26, 0x02, 0x21, ...new Array<number>(33).fill(0x01), 0x02, 0x01, 0x01]],
  ])('refuses a non-DER signature: %s', (_name, signature) => {
    expectMalformed(toBase64(concatBytes(KAT_INTERNALS, signature)));
  });

  it.each([
    '2026-11-28 01:02:03Z',
    '2026-11-28T01:02:03',
    '2026-02-30T01:02:03Z',
    '2026-11-28T24:00:00Z',
    '2026-11-28T01:02:03+0100',
    '1764291723',
    '',
  ])('refuses the issued time %j', (issuedTime) => {
    const time = ascii(issuedTime);
    const internals = concatBytes(
      KAT_INTERNALS.slice(0, 57),
      [time.length >> 8, time.length & 0xff, ...time],
      KAT_INTERNALS.slice(57 + 2 + 20),
    );
    expect(KAT_INTERNALS.slice(57, 59)).toEqual(Uint8Array.from([0x00, 0x14]));
    expectMalformed(toBase64(concatBytes(internals, KAT_SIGNATURE)));
  });

  it('refuses invalid UTF-8 in a string field', () => {
    const issuerAt = 21;
    const copy = valid.slice();
    copy[issuerAt] = 0xc3;
    copy[issuerAt + 1] = 0x28;
    expect(expectMalformed(toBase64(copy)).message).toMatch(/UTF-8/);
  });

  it('refuses a token over maxBytes before decoding it', () => {
    expect(expectMalformed(KAT_TOKEN, { maxBytes: valid.length - 1 }).message).toMatch(/larger/);
    expect(decodeToken(KAT_TOKEN, { maxBytes: valid.length }).tokenId).toEqual(KAT_FIELDS.tokenId);
    // Not even valid base64: the size check must come first.
    expect(expectMalformed('!'.repeat(10_000), { maxBytes: 100 }).message).toMatch(/larger/);
  });

  it('refuses anything beyond the largest possible token without a caller limit', () => {
    expect(expectMalformed('A'.repeat(Math.ceil((MAX_TOKEN_BYTES * 4) / 3) + 4)).message).toMatch(/larger/);
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, Buffer.from(KAT_TOKEN)]) {
      expectAppError(() => decodeToken(value as unknown as string), 'malformed_token');
    }
  });
});

describe('decodeToken fuzz', () => {
  function decodeOrAppError(input: string): ReturnType<typeof decodeToken> | AppError {
    try {
      return decodeToken(input);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return error;
    }
  }

  it('throws only AppError for random bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytes(randomInt(0, 300));
      // Half start like a real token so the parser gets past the first two bytes.
      if (i % 2 === 0 && bytes.length >= 2) {
        bytes[0] = 0;
        bytes[1] = i % 4 === 0 ? 0 : 1;
      }
      const result = decodeOrAppError(bytes.toString('base64'));
      if (result instanceof AppError) expect(result.code).toBe('malformed_token');
    }
  });

  it('throws only AppError for random strings', () => {
    for (let i = 0; i < 500; i++) {
      const result = decodeOrAppError(randomBytes(randomInt(0, 200)).toString('latin1'));
      expect(result).toBeInstanceOf(AppError);
    }
  });

  it('never accepts a single-byte mutation of a signed token', () => {
    const token = fromBase64(signToken(sampleFields({ type: 1, options: 2 }), fixedPrivateKey));
    for (let i = 0; i < 2000; i++) {
      const mutated = token.slice();
      const at = randomInt(0, mutated.length);
      mutated[at] = (mutated[at] ?? 0) ^ randomInt(1, 256);
      const result = decodeOrAppError(toBase64(mutated));
      if (result instanceof AppError) {
        expect(result.code).toBe('malformed_token');
      } else {
        const error = thrownBy(() => verifyTokenSignature(result, [fixedPublicKey]));
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('invalid_signature');
      }
    }
  });
});

describe('decodeToken is as strict as the draft', () => {
  // Built by hand: our encoder refuses to write these.
  function handBuilt(type: 0 | 1, options: number, issuer: number[], audience: number[]): string {
    const integer = [0x02, 0x01, 0x01];
    const internals = concatBytes(
      [0x00, type],
      new Array<number>(16).fill(0x22),
      [options],
      [0x00, issuer.length, ...issuer],
      [0x00, audience.length, ...audience],
      [0x00, 0x14, ...ascii('2026-11-28T01:02:03Z')],
      [0x00, 0x00],
      [0x00, 0x00],
    );
    return toBase64(concatBytes(internals, [0x30, 0x06, ...integer, ...integer]));
  }
  const a = ascii('https://a.example');
  const b = ascii('https://b.example');

  it('accepts the well-formed hand-built tokens', () => {
    expect(decodeToken(handBuilt(1, 0x02, a, b)).options).toBe(0x02);
    expect(decodeToken(handBuilt(0, 0x01, a, b)).options).toBe(0x01);
  });

  it('refuses a countersigned token with options bit 0 (draft §4.2.1)', () => {
    expect(expectMalformed(handBuilt(1, 0x01, a, b)).message).toMatch(/bit 0/);
    expectMalformed(handBuilt(1, 0x03, a, b));
  });

  it.each<[string, number[]]>([
    ['empty', []],
    ['UTF-8, not ASCII', [...Buffer.from('https://bücher.example', 'utf8')]],
    ['with a trailing slash', ascii('https://a.example/')],
    ['in upper case', ascii('https://A.example')],
    ['with its default port', ascii('https://a.example:443')],
    ['not an origin', ascii('a.example')],
    ['with a BOM', [0xef, 0xbb, 0xbf, ...a]],
  ])('refuses an issuer or audience that is %s (draft §4.1.1, RFC 6454)', (_name, bad) => {
    expect(expectMalformed(handBuilt(0, 0, bad, b)).message).toMatch(/issuer/);
    expect(expectMalformed(handBuilt(0, 0, a, bad)).message).toMatch(/audience/);
  });
});
