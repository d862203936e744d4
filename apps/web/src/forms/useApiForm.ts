import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { formErrorsFrom, noFormErrors, type FormErrors } from './FormErrors.ts';
import { useFocusFirstError } from './useFocusFirstError.ts';
import { validateForm, type FormSchema } from './validateForm.ts';

/** How a failed attempt is shown. The defaults suit most forms; each option is for the few that differ. */
export interface FailureHandling<F extends string> {
  /** Fields emptied after a failure, so a rejected password or one-time code is typed afresh. */
  clearOnFailure?: readonly F[];
  /** Anything else a failure undoes, such as the report of an earlier answer. */
  onFailure?(): void;
  /**
   * The messages to show for the error, or null when the caller dealt with it another way.
   * By default an ApiError's fields go under their inputs and the rest to the alert.
   */
  errorsFrom?(error: unknown, fieldNames: readonly F[]): FormErrors<F> | null;
}

/** An attempt with nothing typed to check first, such as a security key prompt. */
export interface RunRequest<F extends string> extends FailureHandling<F> {
  action(): Promise<void>;
}

/** A submit: the input is checked against the service's own schema before anything is sent. */
export interface SubmitRequest<T, F extends string> extends FailureHandling<F> {
  /** The schema, or how to load it (pages that keep zod out of the first page's JavaScript). */
  schema: FormSchema<T> | (() => Promise<FormSchema<T>>);
  /** What the schema reads when it is not just the fields (a token from the link, the chosen method); defaults to the values. */
  input?: Readonly<Record<string, unknown>>;
  action(data: T): Promise<void>;
}

/** One field's props, to spread onto a TextField, SelectField or TextAreaField. */
export interface FieldBinding<F extends string> {
  name: F;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
}

/** What useApiForm gives a form: its state, and the ways to start an attempt. */
export interface ApiForm<F extends string> {
  values: Readonly<Record<F, string>>;
  setValue(field: F, value: string): void;
  fieldProps(field: F): FieldBinding<F>;
  fieldErrors: Partial<Record<F, string>>;
  generalError: string | null;
  /** True while an attempt is in flight; the submit button is disabled with it, and further attempts are ignored. */
  submitting: boolean;
  /** For the form element, so the first error can be focused after a failure. */
  formRef: RefObject<HTMLFormElement | null>;
  clearErrors(): void;
  /** A message for the alert that did not come from this form's own attempt (a voided sign-in, say). */
  showError(message: string): void;
  /** Resolves true when the action succeeded, for work that must wait until the form is enabled again. */
  submit<T>(request: SubmitRequest<T, F>): Promise<boolean>;
  /** The form's onSubmit for a request: the browser's own submit is stopped, then `submit` runs. */
  onSubmit<T>(request: SubmitRequest<T, F>): (event: FormEvent<HTMLFormElement>) => void;
  /** The same cycle for an attempt with nothing typed to check, such as a security key prompt or sending a code. */
  run(request: RunRequest<F>): Promise<boolean>;
}

/**
 * The state and submit cycle every API-backed form shares: values, the submitting flag, field
 * errors and the general alert, with focus moved to the first error after a failure.
 */
export function useApiForm<F extends string>(initialValues: Readonly<Record<F, string>>): ApiForm<F> {
  // The keys of a Record<F, string> literal are exactly F; kept from the first render like the values.
  const [fieldNames] = useState(() => Object.keys(initialValues) as F[]);
  const [values, setValues] = useState(initialValues);
  // Errors change only on an attempt or an explicit clear, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<F>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);

  function setValue(field: F, value: string): void {
    setValues((previous) => ({ ...previous, [field]: value }));
  }

  function fail(error: unknown, { clearOnFailure = [], onFailure, errorsFrom = formErrorsFrom }: FailureHandling<F>): void {
    // A dismissed "Confirm access" is the user's own choice: nothing to report, nothing to retype.
    if (isSudoCancelled(error)) return;
    const shown = errorsFrom(error, fieldNames);
    if (shown !== null) setErrors(shown);
    for (const field of clearOnFailure) setValue(field, '');
    onFailure?.();
  }

  async function run({ action, ...failure }: RunRequest<F>): Promise<boolean> {
    if (submitting) return false;
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      await action();
      return true;
    } catch (error) {
      fail(error, failure);
      return false;
    } finally {
      setSubmitting(false);
    }
  }

  async function submit<T>({ schema, input = values, action, ...failure }: SubmitRequest<T, F>): Promise<boolean> {
    if (submitting) return false;
    const validation = validateForm(typeof schema === 'function' ? await schema() : schema, input, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return false;
    }
    return run({ ...failure, action: () => action(validation.data) });
  }

  return {
    values,
    setValue,
    fieldProps: (field) => ({ name: field, value: values[field], onChange: (value) => setValue(field, value), error: errors.fields[field] }),
    fieldErrors: errors.fields,
    generalError: errors.form,
    submitting,
    formRef,
    clearErrors: () => setErrors(noFormErrors()),
    showError: (message) => setErrors({ fields: {}, form: message }),
    submit,
    onSubmit: (request) => (event) => {
      event.preventDefault();
      // submit settles every failure itself, so there is no rejection to handle here.
      void submit(request);
    },
    run,
  };
}
