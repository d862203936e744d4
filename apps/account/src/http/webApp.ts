import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { compressedWebAssets, compressibleExtension } from './compressedWebAssets.ts';
import { webAssetCacheControl } from './webAssetCacheControl.ts';

const apiPrefixes = ['/api/', '/dev/', '/.well-known/', '/healthz'];

/** Source maps stay private (they would publish the whole UI source), as does Vite's .vite/ manifest. */
const privateFile = /\.map$|(?:^|\/)\./;

/** URL path → file, listed once: only files of the build are ever served, whatever the URL says. */
function listFiles(distDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(distDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const urlPath = `/${path.relative(distDir, file).split(path.sep).join('/')}`;
    if (!privateFile.test(urlPath)) files.set(urlPath, file);
  }
  return files;
}

/**
 * Serves the built web UI, with index.html for client-side routes. Absent before a build.
 * Text goes out brotli- or gzip-compressed when the browser accepts it; hashed assets are cached
 * for a year, everything else revalidated.
 */
export function webApp(distDir: string): Router {
  const router = Router();
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return router;
  const files = listFiles(distDir);
  const compressed = compressedWebAssets();

  async function send(req: Request, res: Response, urlPath: string, file: string): Promise<void> {
    res.set('Cache-Control', webAssetCacheControl(urlPath));
    if (!compressibleExtension.test(file)) {
      res.sendFile(file);
      return;
    }
    res.vary('Accept-Encoding');
    const encoding = req.acceptsEncodings('br', 'gzip');
    if (encoding !== 'br' && encoding !== 'gzip') {
      res.sendFile(file);
      return;
    }
    const body = await compressed(file, encoding);
    res.set('Content-Encoding', encoding).type(path.extname(file)).send(body);
  }

  router.get(/.*/, async (req, res, next) => {
    if (apiPrefixes.some((prefix) => req.path.startsWith(prefix))) {
      next();
      return;
    }
    const file = files.get(req.path);
    if (file !== undefined && req.path !== '/index.html') {
      await send(req, res, req.path, file);
      return;
    }
    // A missing file under /assets/ is a stale chunk, not a page: answering index.html would
    // hand the browser HTML where it expects JavaScript.
    if (req.path.startsWith('/assets/') || privateFile.test(req.path)) {
      next();
      return;
    }
    await send(req, res, '/index.html', index);
  });
  return router;
}
