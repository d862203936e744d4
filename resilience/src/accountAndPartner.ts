import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAccountDb, createPartnerDb, createScratchDatabase } from '@recovery/db';
import type { AccountDb, PartnerDb, Provider } from '@recovery/db';
import { Cleanup } from './cleanup.ts';
import { startFaultProxy } from './faultProxy.ts';
import type { FaultProxy } from './faultProxy.ts';
import { freePort } from '../../scripts/freePorts.ts';
import { startService } from './serviceProcess.ts';
import type { ServiceProcess } from './serviceProcess.ts';
import { accountEnv, loopbackOrigin, newSecretKey, partnerEnv } from './serviceEnv.ts';

/**
 * The account service and the partner as two separate processes on their own databases, each
 * stoppable and restartable on the same port, database and keys. The partner is reached through
 * a fault proxy (its public origin), so a test can also lose one of its answers.
 */
export class AccountAndPartner {
  readonly cleanup = new Cleanup();
  account: ServiceProcess | undefined;
  partner: ServiceProcess | undefined;
  accountDb!: AccountDb;
  partnerDb!: PartnerDb;
  proxy!: FaultProxy;
  accountOrigin = '';
  private accountEnv: Record<string, string> = {};
  private partnerEnv: Record<string, string> = {};
  private partnerPort = 0;

  static async create(provider: Provider): Promise<AccountAndPartner> {
    const stack = new AccountAndPartner();
    try {
      await stack.prepare(provider);
    } catch (error) {
      await stack.cleanup.run();
      throw error;
    }
    return stack;
  }

  get partnerOrigin(): string {
    return this.proxy.origin;
  }

  private async prepare(provider: Provider): Promise<void> {
    const { cleanup } = this;
    const accountScratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'resilience_account');
    cleanup.add(() => accountScratch.drop());
    const partnerScratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'resilience_partner');
    cleanup.add(() => partnerScratch.drop());
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-stack-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const accountPort = await freePort();
    this.partnerPort = await freePort();
    this.proxy = await startFaultProxy(this.partnerPort);
    cleanup.add(() => this.proxy.close());
    this.accountOrigin = loopbackOrigin(accountPort);
    this.accountEnv = accountEnv({ port: accountPort, dataDir: path.join(dataDir, 'account'), databaseUrl: accountScratch.url, secretKey: newSecretKey(), partnerOrigin: this.proxy.origin });
    this.partnerEnv = partnerEnv({
      port: this.partnerPort,
      publicOrigin: this.proxy.origin,
      dataDir: path.join(dataDir, 'partner'),
      databaseUrl: partnerScratch.url,
      secretKey: newSecretKey(),
      accountOrigin: this.accountOrigin,
    });
    // Stopped before the databases are dropped (cleanup runs newest first).
    cleanup.add(() => Promise.all([this.account?.stop(), this.partner?.stop()]));
    this.accountDb = createAccountDb(accountScratch.url, { poolSize: 2 });
    this.partnerDb = createPartnerDb(partnerScratch.url, { poolSize: 2 });
    cleanup.add(() => Promise.all([this.accountDb.$disconnect(), this.partnerDb.$disconnect()]));
  }

  /**
   * The test's own connections are closed before a service (re)starts; the next query reopens
   * them. On SQLite in WAL mode the start-up migration (Prisma's schema engine, which takes the
   * file with locking_mode=EXCLUSIVE) waits out the busy timeout and fails while any other
   * connection has read the file. See the resilience report: a service restart beside another
   * open connection is a problem of its own, not what these tests are about.
   */
  private async releaseObservers(): Promise<void> {
    await Promise.all([this.accountDb.$disconnect(), this.partnerDb.$disconnect()]);
  }

  async startAccount(): Promise<void> {
    // A second process on the same port would fail to listen while the first answered /healthz,
    // and the first would be left running, unknown to the cleanup.
    if (this.account) throw new Error('the account service is already running');
    await this.releaseObservers();
    this.account = await startService('account', this.accountEnv, this.accountOrigin);
  }

  async stopAccount(): Promise<void> {
    await this.account?.stop();
    this.account = undefined;
  }

  async startPartner(): Promise<void> {
    if (this.partner) throw new Error('the partner is already running');
    await this.releaseObservers();
    this.partner = await startService('partner', this.partnerEnv, loopbackOrigin(this.partnerPort));
  }

  async stopPartner(): Promise<void> {
    await this.partner?.stop();
    this.partner = undefined;
  }
}
