import { AppError } from '../errors.ts';

/** Sequential big-endian reads that fail as malformed_token instead of reading past the end. */
export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  readU8(what: string): number {
    return this.readBytes(1, what)[0] ?? 0;
  }

  readU16(what: string): number {
    const b = this.readBytes(2, what);
    return ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  }

  /** A copy, so callers never alias (or keep alive) the whole input. */
  readBytes(length: number, what: string): Uint8Array {
    if (length > this.remaining) {
      throw new AppError('malformed_token', `token is truncated in ${what}`);
    }
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  readLengthPrefixed(what: string): Uint8Array {
    return this.readBytes(this.readU16(`${what} length`), what);
  }

  readRest(): Uint8Array {
    return this.readBytes(this.remaining, 'signature');
  }
}
