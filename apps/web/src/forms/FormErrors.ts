import { ApiError } from '../api/ApiError.ts';

export interface FieldMessage {
  path: string;
  message: string;
}

/** Errors of one form: per field, shown under the input, and the rest, shown in its alert. */
export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  form: string | null;
}

export function noFormErrors<F extends string>(): FormErrors<F> {
  return { fields: {}, form: null };
}

/**
 * Field messages go under their inputs; a message for a field this form does not have would
 * otherwise be lost, so it joins the general alert instead.
 */
export function formErrorsFromFields<F extends string>(
  issues: readonly FieldMessage[],
  fieldNames: readonly F[],
  fallback: string | null,
): FormErrors<F> {
  const fields: Partial<Record<F, string>> = {};
  const unmatched: string[] = [];
  for (const issue of issues) {
    const name = matchField(issue.path, fieldNames);
    if (name === undefined) unmatched.push(issue.message);
    else fields[name] ??= issue.message;
  }
  const matchedAny = Object.keys(fields).length > 0;
  const form = unmatched.length > 0 ? unmatched.join(' ') : matchedAny ? null : fallback;
  return { fields, form };
}

export function formErrorsFrom<F extends string>(error: unknown, fieldNames: readonly F[]): FormErrors<F> {
  if (error instanceof ApiError) return formErrorsFromFields(error.fields, fieldNames, error.message);
  return { fields: {}, form: 'Something went wrong. Try again.' };
}

function matchField<F extends string>(path: string, fieldNames: readonly F[]): F | undefined {
  const lastSegment = path.split('.').pop() ?? path;
  return fieldNames.find((name) => name === path) ?? fieldNames.find((name) => name === lastSegment);
}
