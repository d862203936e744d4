import { formErrorsFromFields, type FormErrors } from './FormErrors.ts';

interface Issue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** The part of a zod schema this needs, so the core schemas validate forms before they are sent. */
export interface FormSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

export type Validation<T, F extends string> = { ok: true; data: T } | { ok: false; errors: FormErrors<F> };

export function validateForm<T, F extends string>(
  schema: FormSchema<T>,
  input: Readonly<Record<string, unknown>>,
  fieldNames: readonly F[],
): Validation<T, F> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return { ok: false, errors: formErrorsFromFields(issues, fieldNames, 'Check what you entered and try again.') };
}
