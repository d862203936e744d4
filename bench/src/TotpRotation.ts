import type { TotpUser } from './seedAccounts.ts';

const periodMs = 30_000;
/** Near the end of a time step, a code for the step before might arrive after the window moved. */
const boundaryMarginMs = 2_000;

export interface TotpAttempt {
  user: TotpUser;
  pendingId: string;
  code: string;
}

interface Slot {
  user: TotpUser;
  pendings: string[];
  /** The last time step this benchmark spent for the user (the service refuses it again). */
  lastStep: number;
}

/**
 * Hands out valid authenticator codes the service will accept: the service allows the steps
 * one either side of now and refuses any step at or before the last one used, so each user
 * gives up to three successes at once (previous, current, next step) and one more per new
 * step. Users are taken in turn, so one user is never in flight twice and their codes arrive
 * in increasing step order.
 */
export class TotpRotation {
  private readonly slots: Slot[];
  private cursor = 0;

  /** `lastSteps`: the step each user last spent before this rotation (an earlier run's), if any. */
  constructor(users: TotpUser[], pendingIds: Map<string, string[]>, lastSteps: Map<string, number> = new Map()) {
    this.slots = users.map((user) => ({ user, pendings: [...(pendingIds.get(user.id) ?? [])], lastStep: lastSteps.get(user.id) ?? -1 }));
  }

  next(nowMs: number): TotpAttempt | null {
    const current = Math.floor(nowMs / periodMs);
    const earliest = nowMs % periodMs > periodMs - boundaryMarginMs ? current : current - 1;
    for (let tried = 0; tried < this.slots.length; tried++) {
      const slot = this.slots[this.cursor]!;
      this.cursor = (this.cursor + 1) % this.slots.length;
      const step = Math.max(slot.lastStep + 1, earliest);
      if (step > current + 1 || slot.pendings.length === 0) continue;
      slot.lastStep = step;
      return { user: slot.user, pendingId: slot.pendings.pop()!, code: slot.user.totp.generate({ timestamp: step * periodMs }) };
    }
    return null;
  }
}
