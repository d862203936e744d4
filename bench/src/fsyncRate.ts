import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface FsyncRate {
  /** Appends of 10 pages (40 KiB) each followed by fdatasync, per second. */
  perSecond: number;
  seconds: number;
  folder: string;
}

/**
 * This disk's rate of durable appends where the databases live: how many commits per second
 * could ever reach the disk if each needed one flush. Measured in the same run as the figures
 * that depend on it, since it moves with whatever else writes to the disk.
 */
export function measureFsyncRate(parent: string, seconds = 3): FsyncRate {
  const dir = mkdtempSync(path.join(parent, 'fsync-'));
  const fd = openSync(path.join(dir, 'probe'), 'a');
  const page = Buffer.alloc(40 * 1024, 7);
  let count = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(seconds * 1e9));
  try {
    while (process.hrtime.bigint() < until) {
      writeSync(fd, page);
      fdatasyncSync(fd);
      count += 1;
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: count / elapsed, seconds: elapsed, folder: parent };
}
