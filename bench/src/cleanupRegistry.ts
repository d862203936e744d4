type Cleanup = () => Promise<void>;

const pending = new Set<Cleanup>();

/**
 * Registers work that must happen even if the run is interrupted (stopping child processes,
 * dropping scratch databases). Returns a function that runs it once and unregisters it.
 */
export function registerCleanup(cleanup: Cleanup): () => Promise<void> {
  let done = false;
  const once: Cleanup = async () => {
    if (done) return;
    done = true;
    pending.delete(once);
    await cleanup();
  };
  pending.add(once);
  return once;
}

/** Runs every cleanup still registered (from a signal handler). */
export async function runAllCleanups(): Promise<void> {
  await Promise.allSettled([...pending].map((cleanup) => cleanup()));
}
