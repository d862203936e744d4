/** The user dismissed "Confirm access", so the action that needed sudo mode did not run. */
export class SudoCancelledError extends Error {
  constructor() {
    super('Access was not confirmed.');
    this.name = 'SudoCancelledError';
  }
}

export function isSudoCancelled(value: unknown): value is SudoCancelledError {
  return value instanceof SudoCancelledError;
}
