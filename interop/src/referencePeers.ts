import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the draft's reference implementations are: DAR_PEERS_DIR, else `../shared/reference/peers`
 * beside the repository (as CI lays it out). Rule: nothing is skipped silently; without the
 * peers this suite fails, saying where to get them (README "Interop with the reference
 * implementations").
 */
export function referencePeersDir(): string {
  const dir = process.env.DAR_PEERS_DIR ?? path.resolve(repoRoot, '../shared/reference/peers');
  if (!existsSync(path.join(dir, 'darrrr', 'lib', 'darrrr.rb'))) {
    throw new Error(
      `The reference peers are not at ${dir}: put github/darrrr (817a774) in darrrr/ there, or set DAR_PEERS_DIR (README "Interop with the reference implementations").`,
    );
  }
  return dir;
}
