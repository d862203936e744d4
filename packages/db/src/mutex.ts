/** A first-come, first-served lock for async work on one connection. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  get held(): boolean {
    return this.holders > 0;
  }

  /** Callers queued behind the one that holds the lock. */
  get waiting(): number {
    return Math.max(0, this.holders - 1);
  }

  /** Resolves with the release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    this.holders += 1;
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = () => {
        this.holders -= 1;
        resolve();
      };
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
