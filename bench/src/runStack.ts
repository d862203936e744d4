import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@recovery/account/config';
import { createApp } from '@recovery/account/createApp';
import { createAccountDb, createPartnerDb, createScratchDatabase, migrateDatabase } from '@recovery/db';
import type { AccountDb, PartnerDb, Provider, ScratchDatabase } from '@recovery/db';
import { createLogger } from '@recovery/http';
import { baselineScenario } from './baselineScenario.ts';
import type { PeerReport } from './peerComparison.ts';
import { passkeySides } from './passkeySides.ts';
import { runPeer, totpSides } from './runPeer.ts';
import type { OurSide } from './runPeer.ts';
import { freePorts } from '../../scripts/freePorts.ts';
import { registerCleanup } from './cleanupRegistry.ts';
import type { BenchSecrets } from './benchSecrets.ts';
import type { LoadScenario, RunControl, ScenarioId } from './loadScenario.ts';
import { partnerAccessToken } from './partnerAccessToken.ts';
import { peakMemoryMiB } from './peakMemory.ts';
import { recoveryCodeScenario } from './recoveryCodeScenario.ts';
import { csrfTokenFrom } from './requestHelpers.ts';
import { runLoad } from './runLoad.ts';
import type { LoadResult, LoadSettings } from './runLoad.ts';
import { seedAccounts } from './seedAccounts.ts';
import type { SeedSizes } from './seedAccounts.ts';
import { accountEnvironment, partnerEnvironment } from './serviceEnvironments.ts';
import type { StackAddresses } from './serviceEnvironments.ts';
import { signInScenario } from './signInScenario.ts';
import { builtEntry } from '../../scripts/stack.ts';
import { startChild } from './startChild.ts';
import type { Child } from './startChild.ts';
import { tokenSaveScenario } from './tokenSaveScenario.ts';
import { totpScenario } from './totpScenario.ts';
import { verifyTokenScenario } from './verifyTokenScenario.ts';

export interface ScenarioReport extends LoadResult {
  id: ScenarioId;
  label: string;
  /** This scenario's rps divided by the baseline's rps in the same run. */
  ratio: number;
}

export interface StackReport {
  database: Provider;
  topology: string;
  scenarios: ScenarioReport[];
  /** Peak resident memory (VmHWM) of each process the run started, in MiB. */
  peakMemoryMiB: Record<string, number | null>;
  /** The machine's 1-minute load average when the run started and ended (anything else running shows here). */
  loadAverage: { before: number; after: number };
  /** Our 2FA sign-in against Better Auth's on the same database and topology (runs with peer_totp). */
  peer?: PeerReport;
  /** Our passkey sign-in against Better Auth's passkey plugin, the same way (runs with peer_passkey). */
  passkeyPeer?: PeerReport;
}

export interface StackPlan {
  database: Provider;
  /** Account-service instances (two behind the proxy on PostgreSQL). */
  accountInstances: number;
  postgresServerUrl: string;
  secrets: BenchSecrets;
  load: LoadSettings;
  sizes: SeedSizes;
  /** Which scenarios to run (the baseline should stay first: the ratios divide by it). */
  scenarios: ScenarioId[];
  /** Pending sign-ins created per authenticator-code user (see TotpRotation). */
  totpPendingsPerUser: number;
  /** The Better Auth comparison: pairs per connection count, challenges prepared for the peer, sign-ins counted one at a time. */
  peer: { connectionCounts: number[]; pairs: number; challenges: number; pendingsPerUser: number; costSamples: number; passkeys: number };
  log(line: string): void;
}

// The services run as production runs them (the build, `npm run bench` builds first);
// BENCH_RUNTIME=tsx runs their TypeScript instead, to compare.
const fromSource = process.env.BENCH_RUNTIME === 'tsx';
const entries = {
  account: fromSource ? 'apps/account/src/main.ts' : builtEntry('account'),
  partner: fromSource ? 'apps/partner/src/main.ts' : builtEntry('partner'),
  proxy: 'bench/src/proxyMain.ts',
  baseline: 'bench/src/baselineMain.ts',
};

const origin = (port: number): string => `http://127.0.0.1:${port}`;

/**
 * One full run on one database: scratch databases, migrations, seeded accounts, the services as
 * separate processes (behind the round-robin proxy when there are several account instances),
 * the baseline first, then each scenario. Everything it started is stopped and every scratch
 * database dropped, whatever happens.
 */
export async function runStack(plan: StackPlan): Promise<StackReport> {
  const children: Child[] = [];
  const scratch: ScratchDatabase[] = [];
  const clients: (AccountDb | PartnerDb)[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `bench-${plan.database}-`));
  const behindProxy = plan.accountInstances > 1;
  const loadBefore = os.loadavg()[0] ?? 0;
  const cleanup = registerCleanup(async () => {
    await Promise.allSettled(children.map((child) => child.stop()));
    await Promise.allSettled(clients.map((client) => client.$disconnect()));
    await Promise.allSettled(scratch.map((database) => database.drop()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  try {
    const accountDatabase = await createScratchDatabase(plan.database, plan.postgresServerUrl, 'bench_account');
    scratch.push(accountDatabase);
    const partnerDatabase = await createScratchDatabase(plan.database, plan.postgresServerUrl, 'bench_partner');
    scratch.push(partnerDatabase);
    const ports = await freePorts(2 * plan.accountInstances + 3);
    const accountPorts = ports.slice(0, plan.accountInstances);
    const baselinePorts = ports.slice(plan.accountInstances, 2 * plan.accountInstances);
    const [partnerPort, proxyPort, baselineProxyPort] = ports.slice(2 * plan.accountInstances) as [number, number, number];
    const stack: StackAddresses = {
      accountOrigin: origin(behindProxy ? proxyPort : accountPorts[0]!),
      partnerOrigin: origin(partnerPort),
      dataDir,
      accountDatabaseUrl: accountDatabase.url,
      partnerDatabaseUrl: partnerDatabase.url,
    };
    const baselineOrigin = origin(behindProxy ? baselineProxyPort : baselinePorts[0]!);

    plan.log(`${plan.database}: migrating and seeding`);
    await migrateDatabase('account', stack.accountDatabaseUrl);
    await migrateDatabase('partner', stack.partnerDatabaseUrl);
    const accountConfig = loadConfig(accountEnvironment(stack, plan.secrets, accountPorts[0]!));
    const db = createAccountDb(stack.accountDatabaseUrl, { poolSize: 4 });
    clients.push(db);
    const partnerDb = createPartnerDb(stack.partnerDatabaseUrl, { poolSize: 2 });
    clients.push(partnerDb);
    // The service's own context (keys derived from SECRET_KEY), built in-process only to seed.
    const { ctx } = createApp(accountConfig, { db, logger: createLogger('bench', 'silent') });
    const seeded = await seedAccounts(ctx, plan.sizes);

    plan.log(`${plan.database}: starting ${plan.accountInstances} account instance(s), the partner${behindProxy ? ', the proxies' : ''} and the baseline`);
    const named = (base: string, i: number): string => (plan.accountInstances > 1 ? `${base}-${i + 1}` : base);
    await Promise.all([
      startChild('partner', entries.partner, stack.partnerOrigin, partnerEnvironment(stack, plan.secrets, partnerPort), children),
      ...accountPorts.map((port, i) => startChild(named('account', i), entries.account, origin(port), accountEnvironment(stack, plan.secrets, port), children)),
      ...baselinePorts.map((port, i) => startChild(named('baseline', i), entries.baseline, origin(port), { ...process.env, PORT: String(port), DATABASE_URL: stack.accountDatabaseUrl }, children)),
    ]);
    if (behindProxy) {
      await startChild('proxy', entries.proxy, origin(proxyPort), { ...process.env, PORT: String(proxyPort), TARGETS: accountPorts.map(origin).join(',') }, children);
      await startChild('baseline-proxy', entries.proxy, baselineOrigin, { ...process.env, PORT: String(baselineProxyPort), TARGETS: baselinePorts.map(origin).join(',') }, children);
    }

    const control: RunControl = { stop: () => undefined };
    const anonymousCsrf = await csrfTokenFrom(stack.accountOrigin);
    const allUserIds = [...seeded.signIn, ...seeded.totp, ...seeded.recoveryCode].map((u) => u.id);
    // Each builder runs right before its scenario: pending sign-ins and countersignatures are
    // made fresh, and the partner's access tokens (ten minutes) are obtained just in time.
    const builders: [ScenarioId, () => Promise<LoadScenario>][] = [
      ['baseline', async () => baselineScenario(baselineOrigin, allUserIds)],
      ['totp', () => totpScenario(db, stack.accountOrigin, seeded.totp, plan.totpPendingsPerUser, anonymousCsrf, control)],
      ['recovery_code', () => recoveryCodeScenario(db, stack.accountOrigin, seeded.recoveryCode, anonymousCsrf, control)],
      ['token_save', async () => {
        const partner = accountConfig.partner;
        if (!partner) throw new Error('the account service has no partner configured');
        const client = { origin: stack.partnerOrigin, clientId: partner.clientId, clientSecret: partner.clientSecret, redirectUri: `${stack.accountOrigin}/api/recovery-tokens/callback` };
        const accessTokens = await Promise.all(Array.from({ length: plan.load.connections }, (_, i) => partnerAccessToken(client, `bench${i}`)));
        return tokenSaveScenario(partnerDb, stack.partnerOrigin, accountConfig, accessTokens, allUserIds);
      }],
      ['token_verify', () =>
        verifyTokenScenario({ db, url: stack.accountOrigin, accountConfig, partnerOrigin: stack.partnerOrigin, countersignKey: plan.secrets.countersignKey, staff: seeded.staff, owners: seeded.signIn })],
      ['sign_in', async () => signInScenario(db, stack.accountOrigin, seeded.signIn, seeded.password, anonymousCsrf)],
    ];

    const scenarios: ScenarioReport[] = [];
    let baselineRps = 0;
    for (const [id, build] of builders) {
      if (!plan.scenarios.includes(id)) continue;
      const scenario = await build();
      plan.log(`${plan.database}: ${scenario.label}`);
      const result = await runLoad(scenario, control, plan.load);
      if (scenario.id === 'baseline') baselineRps = result.rps;
      scenarios.push({ id: scenario.id, label: scenario.label, ...result, ratio: baselineRps > 0 ? result.rps / baselineRps : 0 });
      if (result.non2xx > 0 || result.errors > 0 || result.exhausted) {
        plan.log(`  warning: ${result.non2xx} non-2xx, ${result.errors} errors${result.exhausted ? ', prepared state ran out' : ''}`);
      }
    }
    const peerPlan = { ...plan.peer, database: plan.database, instances: plan.accountInstances, postgresServerUrl: plan.postgresServerUrl, dataDir, load: plan.load, log: plan.log };
    const ours: OurSide = { db, accountOrigin: stack.accountOrigin, databaseUrl: stack.accountDatabaseUrl, accountConfig, users: seeded.totp, csrfToken: anonymousCsrf };
    const peer = plan.scenarios.includes('peer_totp') ? await runPeer(peerPlan, ours, totpSides(peerPlan, ours, control), children, scratch, control) : undefined;
    const passkeyPeer = plan.scenarios.includes('peer_passkey') ? await runPeer(peerPlan, ours, passkeySides(ours, plan.peer.passkeys), children, scratch, control) : undefined;
    // A process that died (or never got its port) would make the figures meaningless.
    const gone = children.filter((child) => !child.alive());
    if (gone.length > 0) throw new Error(`${gone.map((child) => child.name).join(', ')} exited during the run`);
    const peak: Record<string, number | null> = {};
    for (const child of children) peak[child.name] = peakMemoryMiB(child.pid);
    return {
      database: plan.database,
      topology: behindProxy
        ? `${plan.accountInstances} account-service instances behind a round-robin proxy (baseline: ${plan.accountInstances} instances behind the same kind of proxy), partner on its own database`
        : 'one account-service instance, partner on its own database',
      scenarios,
      peakMemoryMiB: peak,
      loadAverage: { before: loadBefore, after: os.loadavg()[0] ?? 0 },
      ...(peer ? { peer } : {}),
      ...(passkeyPeer ? { passkeyPeer } : {}),
    };
  } finally {
    await cleanup();
  }
}
