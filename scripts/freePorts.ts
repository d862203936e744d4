import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';
import { releasePort, reservePort } from './portReservations.ts';

/**
 * The lowest port handed out. Below it sit the ports people pick by hand (3000, 4000, 5173, 5432,
 * 6379, 8080 …); between it and the ephemeral range few programs listen.
 */
const lowest = 20_000;

/**
 * Where the kernel takes ports for listen(0) and for outgoing connections. Two test runs at once
 * open thousands of both, so a chosen port that lies in this range can be taken by one of them
 * while its service is still starting or restarting; a port below it cannot.
 */
function ephemeralStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (start !== undefined && Number.isInteger(start)) return start;
  } catch {
    // not Linux: the IANA dynamic range, which macOS and Windows use
  }
  return 49_152;
}

/** Whether `port` can be listened on at 127.0.0.1 right now (something may hold it without a reservation). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port the OS picks (for a machine whose ephemeral range leaves no room below it). */
function osChosenPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** One reserved, listenable port below `end`, the start of the ephemeral range. */
async function onePort(end: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = end - lowest >= 1_000 ? randomInt(lowest, end) : await osChosenPort();
    if (!reservePort(port)) continue;
    if (await canListen(port)) return port;
    releasePort(port);
  }
  throw new Error('no free loopback port found in 200 tries');
}

/**
 * `count` different free loopback ports for services this process starts. Each is reserved for
 * this process's lifetime (portReservations.ts), so another run on the machine never gets it, even
 * while a test has the service stopped to restart it on the same port.
 */
export async function freePorts(count: number): Promise<number[]> {
  const end = ephemeralStart();
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await onePort(end));
  return ports;
}

/** One free loopback port. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
