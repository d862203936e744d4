import { ApiBrowser } from './apiBrowser.ts';
import { signUp } from './accountUsers.ts';

export interface WriteLoad {
  /** Usernames whose sign-up was answered 201: the service promised they exist. */
  acknowledged: string[];
  /** Sign-ups sent but never answered 201 (refused, or cut off by the crash). */
  unacknowledged: string[];
  /** Requests on the wire right now. */
  inFlight(): number;
  /** Resolves when `count` sign-ups have been acknowledged. */
  acknowledgedAtLeast(count: number): Promise<void>;
  /** Stops sending and waits for every worker to finish. */
  stop(): Promise<void>;
}

/**
 * Unique sign-ups from `workers` concurrent browsers, as fast as the service answers. A sign-up
 * writes a user, a security-log event, a session and a known device before it answers 201.
 */
export function startSignUpLoad(origin: string, prefix: string, workers: number): WriteLoad {
  const acknowledged: string[] = [];
  const unacknowledged: string[] = [];
  let inFlight = 0;
  let stopped = false;
  let next = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const worker = async (): Promise<void> => {
    while (!stopped) {
      const username = `${prefix}${next++}`;
      inFlight++;
      let ok = false;
      try {
        ok = (await signUp(new ApiBrowser(origin), username)).status === 201;
      } catch {
        // Connection refused or reset: the service is gone, this sign-up was never acknowledged.
      } finally {
        inFlight--;
      }
      (ok ? acknowledged : unacknowledged).push(username);
      for (const waiter of waiters.filter((w) => acknowledged.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const running = Promise.all(Array.from({ length: workers }, () => worker()));
  return {
    acknowledged,
    unacknowledged,
    inFlight: () => inFlight,
    acknowledgedAtLeast: (count) => (acknowledged.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    async stop() {
      stopped = true;
      await running;
    },
  };
}
