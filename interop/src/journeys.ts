import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Journey {
  peer: string;
  role: string;
  journey: string;
  result: string;
}

const readme = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');
// The start marker's comment may name the command that rewrites its table (suites run by vitest
// or by Playwright); only its prefix is matched.
const markers = (suite: string) => ({
  start: `<!-- interop-journeys:${suite}:start`,
  end: `<!-- interop-journeys:${suite}:end -->`,
});

const recorded: Journey[] = [];

/** A journey that just passed, for the README's table. */
export async function recordJourney(journey: Journey): Promise<void> {
  recorded.push(journey);
}

export function journeyTable(journeys: readonly Journey[]): string {
  const rows = journeys.map((j) => `| ${j.peer} | ${j.role} | ${j.journey} | ${j.result} |`);
  return ['| peer | role | journey | result |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/**
 * The README's table for `suite` (one per test file: each runs in its own worker) is the suite's
 * own record: with UPDATE_INTEROP_TABLE=1 it is rewritten from the journeys that passed;
 * otherwise it must equal them (a journey that stopped passing, or a table edited by hand, fails
 * the run).
 */
export function syncJourneyTable(suite: string): { expected: string; actual: string } {
  const { start: START, end: END } = markers(suite);
  const text = readFileSync(readme, 'utf8');
  const marker = text.indexOf(START);
  const start = marker < 0 ? -1 : text.indexOf('-->', marker) + '-->'.length;
  const end = text.indexOf(END);
  if (marker < 0 || end < start) throw new Error(`README.md has no interop journeys block (${START} … --> … ${END})`);
  const actual = text.slice(start, end).trim();
  const expected = journeyTable(recorded);
  if (process.env.UPDATE_INTEROP_TABLE === '1' && actual !== expected) {
    writeFileSync(readme, `${text.slice(0, start)}\n${expected}\n${text.slice(end)}`);
    return { expected, actual: expected };
  }
  return { expected, actual };
}
