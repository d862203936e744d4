import { useCallback, useEffect, useState } from 'react';

/** How long a success message stays: long enough to read twice, short enough not to linger beside later changes. */
export const successMessageMs = 10_000;

export interface SuccessMessage {
  message: string;
  /** Shows a message (replacing any before it), or clears it with ''. */
  say(message: string): void;
}

/**
 * One success message per section, which goes away by itself (DESIGN: "a success message appears
 * once, beside what it confirms, in one style, and goes away"). Pair with SuccessStatus.
 */
export function useSuccessMessage(initial = ''): SuccessMessage {
  const [said, setSaid] = useState({ message: initial, serial: 0 });

  useEffect(() => {
    if (said.message === '') return;
    const timer = setTimeout(() => setSaid((current) => (current.serial === said.serial ? { ...current, message: '' } : current)), successMessageMs);
    return () => clearTimeout(timer);
  }, [said]);

  const say = useCallback((message: string) => setSaid((current) => ({ message, serial: current.serial + 1 })), []);
  return { message: said.message, say };
}
