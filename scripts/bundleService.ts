// `npm run build` for a service: bundles its entry points and the workspace packages they reach
// into plain ES modules under dist/, so production runs `node dist/main.js` with no TypeScript
// loader. Third-party packages stay external and load from node_modules as usual.
//
// Usage (from a service's folder): tsx ../../scripts/bundleService.ts src/main.ts [more entries]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';

const serviceDir = process.cwd();
const outdir = path.join(serviceDir, 'dist');
const entries = process.argv.slice(2);
if (entries.length === 0) throw new Error('usage: bundleService.ts <entry.ts> […]');

// Workspace packages are TypeScript sources: bundle them. Everything else is a real package.
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@recovery/') || args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

// Modules find their data (migrations, static files, the web build) next to their source file.
// A bundle has one import.meta.url for all of them, so give each module back its own location,
// relative to the bundle, so the build keeps working wherever the checkout is moved.
const ownLocation: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const relative = path.relative(outdir, args.path).split(path.sep).join('/');
      const own = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'ts' };
    });
  },
};

await build({
  entryPoints: entries.map((entry) => path.join(serviceDir, entry)),
  outdir,
  outbase: path.join(serviceDir, 'src'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [externalPackages, ownLocation],
  // Bundled CommonJS helpers still call require(); give ES modules one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log(`built ${entries.join(', ')} → ${pathToFileURL(outdir).pathname}`);
