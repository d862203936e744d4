import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type ContentEncoding = 'br' | 'gzip';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Text worth compressing; images and fonts are compressed already. */
export const compressibleExtension = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;

function compress(body: Buffer, encoding: ContentEncoding): Promise<Buffer> {
  if (encoding === 'br') {
    return brotli(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION });
}

/**
 * The built UI never changes while the service runs, so each file is compressed once, at the
 * highest level, on its first request (off the event loop), and kept: later requests cost a
 * memory copy, not a compression.
 */
export function compressedWebAssets() {
  const cache = new Map<string, Promise<Buffer>>();
  return (file: string, encoding: ContentEncoding): Promise<Buffer> => {
    const key = `${encoding}:${file}`;
    let body = cache.get(key);
    if (body === undefined) {
      body = readFile(file).then((raw) => compress(raw, encoding));
      // A failed read is not remembered: the next request tries again.
      body.catch(() => cache.delete(key));
      cache.set(key, body);
    }
    return body;
  };
}
