import { useEffect, useRef, type RefObject } from 'react';

/** When a panel (a confirmation, a form) closes, focus goes back to the button that opened it. */
export function useFocusWhenClosed(open: boolean, opener: RefObject<HTMLElement | null>): void {
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) {
      wasOpen.current = true;
    } else if (wasOpen.current) {
      wasOpen.current = false;
      opener.current?.focus();
    }
  }, [open]);
}
