import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const periodMs = 30_000;

/**
 * The user's authenticator app, on the real clock (the services run on it too). The service
 * accepts ±1 time step and refuses a step once used, so the device remembers the last step it
 * showed and never offers it again.
 */
export class TotpDevice {
  private readonly totp: TOTP;
  private lastStep = -1;

  constructor(readonly secret: string) {
    this.totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  }

  private codeAt(step: number): string {
    return this.totp.generate({ timestamp: step * periodMs });
  }

  /** The code for the current step, marked used (the service saw it, e.g. when enabling 2FA). */
  spendCurrent(): string {
    const step = Math.floor(Date.now() / periodMs);
    this.lastStep = step;
    return this.codeAt(step);
  }

  /**
   * A code the service will accept now: an unused step no older than the current one (the
   * service's clock may have moved on) and at most one ahead; waits for the clock if needed.
   */
  async nextCode(): Promise<string> {
    for (;;) {
      const current = Math.floor(Date.now() / periodMs);
      const step = Math.max(this.lastStep + 1, current);
      if (step <= current + 1) {
        this.lastStep = step;
        return this.codeAt(step);
      }
      await new Promise((resolve) => setTimeout(resolve, (step - 1) * periodMs - Date.now() + 50));
    }
  }

  /**
   * A code valid right now, without spending it here: for a request the service is expected to
   * refuse before it looks at the code (a locked account), which leaves the step unused.
   */
  peekCode(): string {
    return this.codeAt(Math.max(this.lastStep + 1, Math.floor(Date.now() / periodMs)));
  }

  /** A six-digit code that is wrong now and for the next minute (what a guessing attacker sends). */
  wrongCode(): string {
    const current = Math.floor(Date.now() / periodMs);
    const valid = new Set([-2, -1, 0, 1, 2, 3].map((offset) => this.codeAt(current + offset)));
    for (;;) {
      const guess = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!valid.has(guess)) return guess;
    }
  }
}
