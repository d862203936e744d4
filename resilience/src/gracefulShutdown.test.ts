import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/freePorts.ts';
import { Cleanup } from './cleanup.ts';
import { spawnService, waitForHealth } from './serviceProcess.ts';
import type { ServiceName } from './serviceProcess.ts';
import { accountEnv, loopbackOrigin, newSecretKey, partnerEnv } from './serviceEnv.ts';

/**
 * SIGTERM drains a real service process: an idle keep-alive connection is closed, a request in
 * flight finishes and is told `Connection: close`, and the exit code says whether the drain
 * finished within SHUTDOWN_TIMEOUT_MS. "In flight" is made certain, not timed: the request asks
 * `Expect: 100-continue`, so the server's 100 proves it has the request, and the body is sent
 * only after the signal.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A sign-in the service reads in full before it answers (its body parser waits for the body). */
const signIns: Record<ServiceName, { target: string; type: string; body: string }> = {
  account: { target: '/api/auth/sign-in', type: 'application/json', body: JSON.stringify({ login: 'nobody', password: 'not-a-password' }) },
  partner: { target: '/sign-in', type: 'application/x-www-form-urlencoded', body: 'username=nobody&password=not-a-password' },
};

/** A raw HTTP/1.1 connection: everything it received, and when it closed. */
function rawConnection(port: number): { socket: Socket; received: () => string; closed: Promise<void>; until: (text: string) => Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  const waiters: Array<() => void> = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    data += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  cleanup.add(() => socket.destroy());
  const until = async (text: string): Promise<void> => {
    while (!data.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { socket, received: () => data, closed, until };
}

async function started(service: ServiceName, shutdownTimeoutMs: number) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'graceful-shutdown-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = `file:${path.join(dataDir, `${service}.db`)}`;
  const env = service === 'account'
    ? accountEnv({ port, dataDir, databaseUrl, secretKey: newSecretKey() })
    : partnerEnv({ port, dataDir, databaseUrl, secretKey: newSecretKey(), accountOrigin: 'http://127.0.0.1:9' });
  const proc = spawnService(service, { ...env, SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) });
  cleanup.add(() => proc.kill('SIGKILL'));
  await waitForHealth(proc, loopbackOrigin(port));
  return { proc, port };
}

/** A POST whose headers the server has taken (it answered 100 Continue) and whose body waits. */
async function requestInFlight(port: number, service: ServiceName) {
  const { target, type, body } = signIns[service];
  const slow = rawConnection(port);
  slow.socket.write(`POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`);
  await slow.until('100 Continue');
  return slow;
}

describe.each<ServiceName>(['account', 'partner'])('the %s on SIGTERM', (service) => {
  it('closes idle keep-alive connections, finishes the request in flight with Connection: close, and exits 0', async () => {
    const { proc, port } = await started(service, 60_000);
    const idle = rawConnection(port);
    idle.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    await idle.until('"status":"ok"');
    const slow = await requestInFlight(port, service);

    proc.child.kill('SIGTERM');
    await idle.closed;
    // The process is still there, waiting for the request in flight.
    expect(proc.child.exitCode).toBeNull();
    slow.socket.write(signIns[service].body);
    await slow.closed;
    const answer = slow.received().slice(slow.received().indexOf('100 Continue') + '100 Continue'.length);
    expect(answer).toMatch(/^\s*HTTP\/1\.1 [2-4]\d\d /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 1 when a request is still in flight at SHUTDOWN_TIMEOUT_MS', async () => {
    const { proc, port } = await started(service, 500);
    const slow = await requestInFlight(port, service);
    proc.child.kill('SIGTERM');
    // The body never comes: the drain cannot finish, and the exit code must say so.
    expect(await proc.exited).toEqual({ code: 1, signal: null });
    await slow.closed;
    expect(proc.stdout()).toContain('SHUTDOWN_TIMEOUT_MS');
  });
});
