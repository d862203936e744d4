import { useEffect, type RefObject } from 'react';
import type { FormErrors } from './FormErrors.ts';

/**
 * After a failed submit, focus goes where the problem is, so keyboard and screen-reader users
 * land on the message instead of on the (just re-enabled) submit button.
 */
export function useFocusFirstError<F extends string>(formRef: RefObject<HTMLFormElement | null>, errors: FormErrors<F>): void {
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? (errors.form ? form.querySelector<HTMLElement>('[role="alert"]') : null);
    target?.focus();
  }, [formRef, errors]);
}
