import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencePeersDir } from './referencePeers.ts';

const harness = fileURLToPath(new URL('../darrrr/harness.rb', import.meta.url));

export interface DarrrrEvent {
  role: 'ap' | 'rp';
  event: string;
  id?: string;
  reason?: string;
  status?: string;
  state?: string;
  data?: string;
  obsoletes?: string | null;
}

export interface DarrrrPeer {
  /** Its public origin (the https front when one was given). */
  origin: string;
  /** The loopback port the harness itself listens on (plain http). */
  port: number;
  /** What the peer did, in order (its harness records each step). */
  events(): Promise<DarrrrEvent[]>;
  close(): Promise<void>;
}

/**
 * GitHub's darrrr as a live peer in both roles (interop/darrrr/harness.rb, Ruby from Debian's
 * packages), registered with the origins it may talk to. With `authority` (an https origin in
 * front of it) it runs as the gem is meant to, refusing any http URL; it trusts the suite's
 * test certificate.
 */
export async function startDarrrr(peers: { authority?: string; caFile?: string; accountProviders: string[]; recoveryProviders: string[] }): Promise<DarrrrPeer> {
  const caFile = peers.caFile ?? process.env.INTEROP_TLS_CERT;
  const child: ChildProcess = spawn('ruby', [harness], {
    env: {
      ...process.env,
      PORT: '0',
      ...(peers.authority ? { AUTHORITY: peers.authority } : {}),
      ...(caFile ? { SSL_CERT_FILE: caFile } : {}),
      DARRRR_DIR: path.join(referencePeersDir(), 'darrrr'),
      ACCOUNT_PROVIDERS: peers.accountProviders.join(' '),
      RECOVERY_PROVIDERS: peers.recoveryProviders.join(' '),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const { origin, port } = await new Promise<{ origin: string; port: number }>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (\S+) at port (\d+)/.exec(out);
      if (match) resolve({ origin: match[1]!, port: Number(match[2]) });
    });
    child.once('exit', (code) => reject(new Error(`the darrrr peer exited (${code}) before listening:\n${stderr}`)));
    child.once('error', (error) => reject(new Error(`cannot run ruby for the darrrr peer: ${error.message}`)));
  });
  return {
    origin,
    port,
    async events() {
      // Straight to the harness (a test control, not part of the protocol): no certificate to trust.
      return (await (await fetch(`http://127.0.0.1:${port}/events`)).json()) as DarrrrEvent[];
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
