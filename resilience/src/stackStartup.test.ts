import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../../scripts/freePorts.ts';
import { ServiceStopped } from '../../scripts/childProcesses.ts';
import { startStack } from '../../scripts/stack.ts';
import type { StackOptions } from '../../scripts/stack.ts';
import { Cleanup } from './cleanup.ts';
import { startupOutcome } from './startupOutcome.ts';
import { accountEnv, newSecretKey } from './serviceEnv.ts';

/**
 * What `npm start` (scripts/stack.ts) says when the stack cannot come up or loses a service, with
 * real processes: the services run from source (no build needed), everything else as `npm start`.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function listening(server: Server, port: number): Promise<void> {
  cleanup.add(() => new Promise((resolve) => {
    server.close(resolve);
    // A keep-alive health check's connection would hold close() open.
    if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
  }));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

async function stackOptions(): Promise<StackOptions> {
  const [accountPort, partnerPort] = await freePorts(2);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stack-startup-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  return { mode: 'test', fromSource: true, quiet: true, accountPort: accountPort!, partnerPort: partnerPort!, dataDir };
}

async function failedStart(options: StackOptions): Promise<Error> {
  const outcome = await startStack(options).then(
    async (stack) => {
      await stack.stop();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe('npm start with a port already taken', () => {
  it('an unrelated program on the account port: the service says which port and variable, and the start fails', async () => {
    const options = await stackOptions();
    await listening(createServer((socket) => socket.destroy()), options.accountPort);
    const error = await failedStart(options);
    expect(error).toBeInstanceOf(ServiceStopped);
    expect(error.message).toBe(
      `the account service stopped (exit code 1 before it was ready): account service failed to start: port ${options.accountPort} is already in use; set ACCOUNT_PORT (or PORT) to another port`,
    );
  });

  it('an earlier copy answering /healthz on the partner port is not taken for the partner just started', async () => {
    const options = await stackOptions();
    const impostor = createHttpServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ status: 'ok', service: 'partner', instance: 'an-earlier-stack' })));
    await listening(impostor, options.partnerPort);
    const error = await failedStart(options);
    expect(error.message).toBe(
      `the partner stopped (exit code 1 before it was ready): partner failed to start: port ${options.partnerPort} is already in use; set PARTNER_PORT (or PORT) to another port`,
    );
  });

  it('the service alone prints one line naming PORT and exits 1', async () => {
    const [port] = await freePorts(1);
    await listening(createServer((socket) => socket.destroy()), port!);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stack-startup-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = accountEnv({ port: port!, dataDir, databaseUrl: `file:${path.join(dataDir, 'account.db')}`, secretKey: newSecretKey() });
    const outcome = await startupOutcome('account', env, 60_000);
    expect(outcome.code).toBe(1);
    expect(outcome.lines).toEqual([`account service failed to start: port ${port} is already in use; set PORT to another port`]);
  });
});

describe('npm start with a configuration the service refuses', () => {
  it('a bad DATABASE_URL: the service own line, not a stack trace', async () => {
    const options = { ...(await stackOptions()), accountDatabaseUrl: 'mysql://127.0.0.1/account' };
    const error = await failedStart(options);
    expect(error.message).toBe('account service failed to start: DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  });

  it('a DATA_DIR that cannot be created: the service own line', async () => {
    const options = await stackOptions();
    // A path under a regular file: no user, root included, can make it a directory.
    const dataDir = path.join(options.dataDir, 'a-file', 'data');
    writeFileSync(path.join(options.dataDir, 'a-file'), '');
    const error = await failedStart({ ...options, dataDir });
    expect(error.message).toBe(`account service failed to start: ENOTDIR: not a directory, mkdir '${dataDir}'`);
  });
});

describe('npm start when a service dies while the stack runs', () => {
  it('names the service and how it ended', async () => {
    const stack = await startStack(await stackOptions());
    cleanup.add(() => stack.stop());
    const healthz = await (await fetch(`${stack.partnerUrl}/healthz`)).json();
    expect(healthz).toMatchObject({ status: 'ok', service: 'partner', instance: expect.any(String) });
    process.kill(stack.pids.partner, 'SIGKILL');
    const stopped = await stack.stopped;
    expect(stopped.service).toBe('the partner');
    expect(stopped.message).toBe('the partner stopped (signal SIGKILL)');
  });
});
