import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Ports this machine's test runs have handed out, one file per port holding the owner's pid, in
 * a folder every checkout shares. A port chosen for a service stays unbound while the service
 * starts (seconds on a busy machine) and again whenever a test kills it and restarts it on the
 * same port; probing alone cannot see that another run holds it, the reservation can.
 */
const folder = path.join(os.tmpdir(), 'two-factor-recovery-ports');
const held = new Set<number>();

function fileOf(port: number): string {
  return path.join(folder, String(port));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, only not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(port: number): number | undefined {
  try {
    const pid = Number(readFileSync(fileOf(port), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function create(port: number): boolean {
  try {
    writeFileSync(fileOf(port), String(process.pid), { flag: 'wx' });
    held.add(port);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes `port` for this process until it exits, or says no when a live process (this one
 * included) already has it. A reservation whose owner died without releasing it (SIGKILL) is
 * taken over.
 */
export function reservePort(port: number): boolean {
  mkdirSync(folder, { recursive: true });
  if (create(port)) return true;
  const owner = ownerOf(port);
  if (owner === undefined || owner === process.pid || isAlive(owner)) return false;
  try {
    unlinkSync(fileOf(port));
  } catch {
    // another run took it over first
  }
  return create(port);
}

/** Gives `port` back (when it turned out to be in use by something that does not reserve). */
export function releasePort(port: number): void {
  if (!held.delete(port)) return;
  if (ownerOf(port) !== process.pid) return;
  try {
    unlinkSync(fileOf(port));
  } catch {
    // already gone
  }
}

process.once('exit', () => {
  for (const port of [...held]) releasePort(port);
});
