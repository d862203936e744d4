import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Ports this machine's test runs have handed out, as empty files named `<port>.<pid>` in a folder
 * every checkout shares. A port chosen for a service stays unbound while the service starts
 * (seconds on a busy machine) and again whenever a test kills it and restarts it on the same
 * port; probing alone cannot see that another run holds it, the reservation can. The owner's pid
 * is in the name, so a file whose owner has died (a test worker killed at the end of a run) can
 * be removed by anyone without a race: no one else ever writes that name.
 */
const folder = path.join(os.tmpdir(), 'two-factor-recovery-ports');
const held = new Set<number>();

const fileOf = (port: number, pid: number): string => path.join(folder, `${port}.${pid}`);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, only not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** The live owners' reservations, by port; the dead owners' files are removed on the way. */
function liveOwners(): Map<number, number[]> {
  const owners = new Map<number, number[]>();
  for (const name of readdirSync(folder)) {
    const [port, pid] = name.split('.').map(Number);
    if (!Number.isInteger(port) || !Number.isInteger(pid)) continue;
    if (!isAlive(pid!)) {
      remove(path.join(folder, name));
      continue;
    }
    owners.set(port!, [...(owners.get(port!) ?? []), pid!]);
  }
  return owners;
}

/**
 * Takes `port` for this process until it exits, or says no when another live process has it (or
 * this one already handed it out). Two processes that ask at the same moment both see the other's
 * file and both say no, so a port is never given twice.
 */
export function reservePort(port: number): boolean {
  if (held.has(port)) return false;
  mkdirSync(folder, { recursive: true });
  const mine = fileOf(port, process.pid);
  writeFileSync(mine, '');
  const others = (liveOwners().get(port) ?? []).filter((pid) => pid !== process.pid);
  if (others.length > 0) {
    remove(mine);
    return false;
  }
  held.add(port);
  return true;
}

/** Gives `port` back (when it turned out to be in use by something that does not reserve). */
export function releasePort(port: number): void {
  if (held.delete(port)) remove(fileOf(port, process.pid));
}

process.once('exit', () => {
  for (const port of [...held]) releasePort(port);
});
