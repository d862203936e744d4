/** Vite writes content-hashed file names under /assets/: a new build means a new URL. */
const hashedAssetPrefix = '/assets/';

/**
 * Hashed assets never change, so browsers may keep them a year without asking; everything else
 * (index.html above all) must be revalidated, or a deploy would leave browsers on old chunks.
 */
export function webAssetCacheControl(urlPath: string): string {
  return urlPath.startsWith(hashedAssetPrefix) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
