import { useEffect, type RefObject } from 'react';

/**
 * A view that replaces another in place (a setup step, a confirmation) is silent to screen
 * readers and leaves focus on a button that is gone; focusing its heading announces it.
 */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    ref.current?.focus();
  }, [ref]);
}
