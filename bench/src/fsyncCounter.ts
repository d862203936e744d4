import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The `calls` column of strace -c's summary, summed over fsync and fdatasync. */
export function syncCallsFromSummary(summary: string): number {
  let calls = 0;
  for (const line of summary.split('\n')) {
    const cells = line.trim().split(/\s+/);
    const name = cells.at(-1);
    if (name !== 'fsync' && name !== 'fdatasync') continue;
    // % time, seconds, usecs/call, calls, [errors,] syscall
    calls += Number(cells[3]);
  }
  return calls;
}

/**
 * Counts the fsync and fdatasync calls that the given processes (and any they fork while it
 * runs, such as PostgreSQL's new backends) make while `work` runs, with strace attached to
 * each process and all its threads: the disk's real flushes, whichever library asked for them.
 */
export async function countFsyncs<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ result: T; fsyncs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-strace-'));
  const output = path.join(dir, 'summary.txt');
  const strace = spawn('strace', ['-f', '-c', '-e', 'trace=fsync,fdatasync', '-o', output, ...pids.flatMap((pid) => ['-p', String(pid)])], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      let attached = 0;
      strace.once('exit', (code) => reject(new Error(`strace exited (${code}) before attaching`)));
      strace.stderr.on('data', (chunk: Buffer) => {
        // Each -p ends in "attached", or in an error for a process that has just exited.
        attached += (chunk.toString().match(/attached|No such process/g) ?? []).length;
        if (attached >= pids.length) resolve();
      });
    });
    const result = await work();
    const exited = new Promise((resolve) => strace.once('exit', resolve));
    strace.kill('SIGINT');
    await exited;
    return { result, fsyncs: syncCallsFromSummary(readFileSync(output, 'utf8')) };
  } finally {
    if (strace.exitCode === null && strace.signalCode === null) strace.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
