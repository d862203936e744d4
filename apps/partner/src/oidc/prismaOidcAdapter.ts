import { errors } from 'oidc-provider';
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { OidcPayload, PartnerDb } from '@recovery/db';

/** Codes (and other one-time artifacts) whose second use must fail even under a race. */
const consumable = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/**
 * oidc-provider's storage in the partner's database (the OidcPayload table), so sessions,
 * interactions, grants, codes and access tokens survive restarts and are shared by every
 * instance. Expiry follows oidc-provider's own clock (the system time): an expired row is
 * absent (and deleted on sight), and expired rows are swept whenever an interaction starts.
 */
export class PrismaOidcAdapter implements Adapter {
  constructor(
    private readonly db: PartnerDb,
    private readonly model: string,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const data = {
      type: this.model,
      payload: JSON.stringify(payload),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: this.model === 'Session' ? (payload.uid ?? null) : null,
      expiresAt,
    };
    await this.db.oidcPayload.upsert({ where: { id: this.key(id) }, create: { id: this.key(id), ...data }, update: data });
    // One cheap indexed delete per authorization keeps the table from growing without bound.
    if (this.model === 'Interaction') await this.db.oidcPayload.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  }

  private async present(row: OidcPayload | null): Promise<AdapterPayload | undefined> {
    if (!row) return undefined;
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
      await this.db.oidcPayload.deleteMany({ where: { id: row.id, expiresAt: row.expiresAt } });
      return undefined;
    }
    // Written only by upsert above, from oidc-provider's own payload objects.
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.present(await this.db.oidcPayload.findUnique({ where: { id: this.key(id) } }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.present(await this.db.oidcPayload.findFirst({ where: { type: this.model, uid } }));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.present(await this.db.oidcPayload.findFirst({ where: { type: this.model, userCode } }));
  }

  /**
   * Marks a code used. The update only succeeds once, so two concurrent token requests with
   * the same code cannot both be issued tokens: the loser gets invalid_grant.
   */
  async consume(id: string): Promise<void> {
    const { count } = await this.db.oidcPayload.updateMany({ where: { id: this.key(id), consumedAt: null }, data: { consumedAt: new Date() } });
    if (count === 0 && consumable.has(this.model)) throw new errors.InvalidGrant('grant request already used');
  }

  async destroy(id: string): Promise<void> {
    await this.db.oidcPayload.deleteMany({ where: { id: this.key(id) } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.oidcPayload.deleteMany({ where: { type: this.model, grantId } });
  }
}

/** The adapter factory oidc-provider calls once per model name. */
export function prismaOidcAdapter(db: PartnerDb): AdapterFactory {
  return (model: string) => new PrismaOidcAdapter(db, model);
}
