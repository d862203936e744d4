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
  origin: string;
  /** What the peer did, in order (its harness records each step). */
  events(): Promise<DarrrrEvent[]>;
  close(): Promise<void>;
}

/**
 * GitHub's darrrr as a live peer in both roles (interop/darrrr/harness.rb, Ruby from Debian's
 * packages), registered with the origins it may talk to.
 */
export async function startDarrrr(peers: { accountProviders: string[]; recoveryProviders: string[] }): Promise<DarrrrPeer> {
  const child: ChildProcess = spawn('ruby', [harness], {
    env: {
      ...process.env,
      PORT: '0',
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
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the darrrr peer exited (${code}) before listening:\n${stderr}`)));
    child.once('error', (error) => reject(new Error(`cannot run ruby for the darrrr peer: ${error.message}`)));
  });
  return {
    origin,
    async events() {
      return (await (await fetch(`${origin}/events`)).json()) as DarrrrEvent[];
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
