import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmePath, withRecoveryMatrix } from './readmeRecoveryMatrix.ts';

describe("README's recovery matrix", () => {
  it('is the table the matrix test walks (regenerate with writeRecoveryMatrix.ts)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(withRecoveryMatrix(readme)).toBe(readme);
  });
});
