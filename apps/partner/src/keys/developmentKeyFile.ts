import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Development key material kept in DATA_DIR: read when the file exists, otherwise created once
 * (owner-only permissions), so restarts and a second local instance use the same keys.
 */
export function developmentKeyFile<T>(dataDir: string, file: string, parse: (text: string, filePath: string) => T, create: () => string): T {
  const filePath = path.join(dataDir, file);
  if (existsSync(filePath)) return parse(readFileSync(filePath, 'utf8'), filePath);
  mkdirSync(dataDir, { recursive: true });
  const text = create();
  writeFileSync(filePath, text, { mode: 0o600 });
  return parse(text, filePath);
}
