import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from '@recovery/account/createApp';
import type { AccountConfig } from '@recovery/account/config';
import { configureSqlite, createScratchDatabase, sqlDriverOf } from '@recovery/db';
import type { AccountDb, Provider, ScratchDatabase } from '@recovery/db';
import { createLogger } from '@recovery/http';
import { freePorts } from '../../scripts/freePorts.ts';
import { createPeerAuth, seedPeer } from './betterAuthPeer.ts';
import type { PeerPlugin } from './betterAuthPeer.ts';
import { DriverCounter } from './driverCounter.ts';
import type { LoadScenario, RunControl } from './loadScenario.ts';
import { peerApp } from './peerApp.ts';
import { comparePeers, peerPerRequest, peerScenario } from './peerComparison.ts';
import type { PeerReport } from './peerComparison.ts';
import { openPeerDatabase, peerDatabaseEnv } from './peerDatabase.ts';
import type { PeerDatabaseSpec } from './peerDatabase.ts';
import { countFsyncs } from './fsyncCounter.ts';
import { measureRequestCost } from './perRequestCost.ts';
import type { FlushCounter } from './perRequestCost.ts';
import { countWalSyncs } from './walSyncCounter.ts';
import type { DriverCount } from './perRequestCost.ts';
import { csrfTokenFrom } from './requestHelpers.ts';
import type { LoadSettings } from './runLoad.ts';
import type { TotpUser } from './seedAccounts.ts';
import { startChild } from './startChild.ts';
import type { Child } from './startChild.ts';
import { totpScenario } from './totpScenario.ts';

export interface PeerPlan {
  database: Provider;
  /** Peer instances: as many as our account service runs (behind the same kind of proxy when more than one). */
  instances: number;
  postgresServerUrl: string;
  dataDir: string;
  connectionCounts: number[];
  pairs: number;
  challenges: number;
  pendingsPerUser: number;
  /** Sign-ins sent one at a time to count statements, commits and fsyncs per request. */
  costSamples: number;
  load: LoadSettings;
  log(line: string): void;
}

export interface OurSide {
  db: AccountDb;
  accountOrigin: string;
  databaseUrl: string;
  accountConfig: AccountConfig;
  users: TotpUser[];
  csrfToken: string;
}

const origin = (port: number): string => `http://127.0.0.1:${port}`;

function listen(app: { listen: (port: number, host: string) => Server }): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('listening', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: origin(port), close: () => new Promise((done) => server.close(() => done())) });
      server.keepAliveTimeout = 30_000;
    });
  });
}

/** Our driver's own observers: every statement through Prisma and our SQL driver, and each commit. */
function ourDriverCount(db: AccountDb): DriverCount & { stop: () => void } {
  const counter = new DriverCounter();
  const stop = sqlDriverOf(db).observe({ statement: () => (counter.statements += 1), commit: () => (counter.commits += 1) });
  return { reset: () => counter.reset(), read: () => ({ statements: counter.statements, commits: counter.commits }), stop };
}

/**
 * One comparison's two sides: how the peer's database is prepared and what each side's load is.
 * `ours` and `theirs` are asked again for the counting pass, against servers in this process.
 */
export interface PeerSides {
  name: string;
  plugin: PeerPlugin;
  /** What one sign-in does on each side, in words (for the report). */
  perRequest: { ours: string; theirs: string };
  /** Prepares the peer's rows (its schema migrated); `costSamples` sign-ins are kept apart for counting. */
  prepare(spec: PeerDatabaseSpec, secret: string, peerOrigin: string): Promise<{
    ours(url: string, csrfToken: string, forCost: boolean): Promise<LoadScenario>;
    theirs(url: string, sessions: () => Promise<number>, forCost: boolean): LoadScenario;
  }>;
}

/** The 2FA sign-in: our authenticator-code prompt against Better Auth's verify-totp. */
export function totpSides(plan: PeerPlan, ours: OurSide, control: RunControl): PeerSides {
  return {
    name: 'totp',
    plugin: 'twoFactor',
    perRequest: peerPerRequest,
    prepare: async (spec, secret, peerOrigin) => {
      const cookies = await seedPeer(spec, secret, peerOrigin, 1_000, plan.challenges + plan.costSamples);
      return {
        ours: (url, csrfToken, forCost) => totpScenario(ours.db, url, ours.users, forCost ? 1 : plan.pendingsPerUser, csrfToken, control),
        theirs: (url, sessions, forCost) => peerScenario(url, peerOrigin, sessions, forCost ? cookies.slice(0, plan.costSamples) : cookies.slice(plan.costSamples), control),
      };
    },
  };
}

/**
 * Better Auth beside our service on the same database kind and topology: its rows written in its
 * tables, its instances started as processes, our sign-in and its own in interleaved pairs; then
 * each side served once more in this process, to count what one sign-in costs at the driver and
 * at the disk.
 */
export async function runPeer(plan: PeerPlan, ours: OurSide, sides: PeerSides, children: Child[], scratch: ScratchDatabase[], control: RunControl): Promise<PeerReport> {
  let spec: PeerDatabaseSpec;
  if (plan.database === 'sqlite') spec = { provider: 'sqlite', file: path.join(plan.dataDir, `better-auth-${sides.name}.db`) };
  else {
    const database = await createScratchDatabase('postgresql', plan.postgresServerUrl, `bench_peer_${sides.name}`);
    scratch.push(database);
    spec = { provider: 'postgresql', url: database.url };
  }
  const ports = await freePorts(plan.instances + 1);
  const behindProxy = plan.instances > 1;
  const peerOrigin = origin(behindProxy ? ports[plan.instances]! : ports[0]!);
  const secret = randomBytes(32).toString('base64');
  plan.log(`${plan.database}: Better Auth peer (${sides.name}): migrating and preparing its rows`);
  const prepared = await sides.prepare(spec, secret, peerOrigin);
  const env = { ...process.env, PEER_SECRET: secret, PEER_ORIGIN: peerOrigin, PEER_PLUGIN: sides.plugin, ...peerDatabaseEnv(spec) };
  const named = (i: number): string => `better-auth-${sides.name}${behindProxy ? `-${i + 1}` : ''}`;
  await Promise.all(ports.slice(0, plan.instances).map((port, i) => startChild(named(i), 'bench/src/betterAuthMain.ts', origin(port), { ...env, PORT: String(port) }, children)));
  if (behindProxy) await startChild(`better-auth-${sides.name}-proxy`, 'bench/src/proxyMain.ts', peerOrigin, { ...process.env, PORT: String(ports[plan.instances]), TARGETS: ports.slice(0, plan.instances).map(origin).join(',') }, children);

  const reader = openPeerDatabase(spec);
  const peerCounter = new DriverCounter();
  const counted = openPeerDatabase(spec, { counter: peerCounter });
  const ourCount = ourDriverCount(ours.db);
  const servers: { close: () => Promise<void> }[] = [];
  try {
    const oursLoad = await prepared.ours(ours.accountOrigin, ours.csrfToken, false);
    const theirsLoad = prepared.theirs(peerOrigin, () => reader.sessionCount(), false);
    plan.log(`${plan.database}: ours against Better Auth (${sides.name}), ${plan.pairs} interleaved pairs at ${plan.connectionCounts.join(' and ')} connections`);
    const comparisons = await comparePeers(oursLoad, theirsLoad, control, plan.load, plan.connectionCounts, plan.pairs, plan.log);

    plan.log(`${plan.database}: counting statements, commits and fsyncs per sign-in (${sides.name}, ${plan.costSamples} each, one at a time)`);
    // As the service's own connection runs: WAL with synchronous=FULL (per connection).
    await configureSqlite(ours.db, ours.databaseUrl);
    const ourServer = await listen(createApp(ours.accountConfig, { db: ours.db, logger: createLogger('bench', 'silent') }).app);
    servers.push(ourServer);
    const theirServer = await listen(peerApp(createPeerAuth(counted, secret, peerOrigin, sides.plugin)));
    servers.push(theirServer);
    // SQLite flushes in the service (here, in this process); PostgreSQL counts its own WAL flushes.
    const flushing: FlushCounter = plan.database === 'sqlite' ? (work) => countFsyncs([process.pid], work) : (work) => countWalSyncs(ours.databaseUrl, work);
    const ourScenario = await prepared.ours(ourServer.url, await csrfTokenFrom(ourServer.url), true);
    const theirScenario = prepared.theirs(theirServer.url, () => reader.sessionCount(), true);
    const cost = {
      ours: await measureRequestCost(ourScenario, ourCount, flushing, plan.costSamples),
      theirs: await measureRequestCost(theirScenario, { reset: () => peerCounter.reset(), read: () => ({ statements: peerCounter.statements, commits: peerCounter.commits }) }, flushing, plan.costSamples),
    };
    return { comparisons, cost, perRequest: sides.perRequest };
  } finally {
    ourCount.stop();
    await Promise.allSettled(servers.map((server) => server.close()));
    await Promise.allSettled([reader.close(), counted.close()]);
  }
}
