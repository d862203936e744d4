import { readFileSync } from 'node:fs';

/**
 * A process's peak resident set size ("high water mark", VmHWM in /proc/<pid>/status), in MiB.
 * Linux only; null where /proc is not there or the process is gone.
 */
export function peakMemoryMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kib === undefined ? null : Math.round((Number(kib) / 1024) * 10) / 10;
  } catch {
    return null;
  }
}
