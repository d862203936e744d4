import { readFileSync } from 'node:fs';

/** One memory figure of a process from /proc/<pid>/status, in MiB (Linux only; null when gone). */
function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status)?.[1];
    return kib === undefined ? null : Math.round((Number(kib) / 1024) * 10) / 10;
  } catch {
    return null;
  }
}

/** A process's peak resident set size ("high water mark", VmHWM), in MiB. */
export function peakMemoryMiB(pid: number): number | null {
  return statusMiB(pid, 'VmHWM');
}

/** A process's resident set size now (VmRSS), in MiB. */
export function residentMemoryMiB(pid: number): number | null {
  return statusMiB(pid, 'VmRSS');
}
