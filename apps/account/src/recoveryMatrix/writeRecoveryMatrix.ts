// Usage: npx tsx apps/account/src/recoveryMatrix/writeRecoveryMatrix.ts
// Rewrites the recovery matrix section of README.md from the data the matrix test walks.
import { readFileSync, writeFileSync } from 'node:fs';
import { readmePath, withRecoveryMatrix } from './readmeRecoveryMatrix.ts';

writeFileSync(readmePath, withRecoveryMatrix(readFileSync(readmePath, 'utf8')));
