import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { README_END, README_START, recoveryMatrixMarkdown } from './recoveryMatrixTables.ts';

export const readmePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../README.md');

/** The README with its recovery matrix section replaced by the tables generated now. */
export function withRecoveryMatrix(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error('README.md has no recovery matrix markers');
  return `${readme.slice(0, start)}${recoveryMatrixMarkdown()}${readme.slice(end + README_END.length)}`;
}
