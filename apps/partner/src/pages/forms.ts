import type { FieldIssue } from '@recovery/core/errors';
import { html } from './html.ts';
import type { Html } from './html.ts';

/** What a form shows: the values typed (never passwords) and what was wrong with them. */
export interface FormState {
  values: Record<string, string>;
  /** Messages next to fields, by field name. */
  fieldErrors: Record<string, string>;
  /** Problems not tied to one field (e.g. rate limiting); shown in the summary only. */
  formErrors: string[];
}

export const emptyForm: FormState = { values: {}, fieldErrors: {}, formErrors: [] };

/** Turns validation issues into a form state, keeping the first message for each field. */
export function formState(values: Record<string, string>, issues: FieldIssue[], formErrors: string[] = []): FormState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) fieldErrors[issue.path] ??= issue.message;
  return { values, fieldErrors, formErrors };
}

export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'email' | 'password';
  autocomplete: string;
  /** Extra attributes are deliberately few and fixed, so none can be injected. */
  maxLength?: number;
  minLength?: number;
  hint?: string;
}

function fieldId(name: string): string {
  return `field-${name}`;
}

/** A labelled input; an error sits right under the label and is tied to the input. */
export function field(spec: FieldSpec, state: FormState): Html {
  const id = fieldId(spec.name);
  const error = state.fieldErrors[spec.name];
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const value = spec.type === 'password' ? undefined : state.values[spec.name];
  const textLike = spec.type !== 'password';
  return html`<div class="field${error ? ' field-invalid' : ''}">
<label for="${id}">${spec.label}</label>
${spec.hint ? html`<p class="hint" id="${hintId}">${spec.hint}</p>` : null}
${error ? html`<p class="field-error" id="${errorId}"><span class="visually-hidden">Error: </span>${error}</p>` : null}
<input id="${id}" name="${spec.name}" type="${spec.type}" autocomplete="${spec.autocomplete}" required${
    spec.maxLength ? html` maxlength="${spec.maxLength}"` : null
  }${spec.minLength ? html` minlength="${spec.minLength}"` : null}${textLike ? html` autocapitalize="none" spellcheck="false"` : null}${
    value !== undefined ? html` value="${value}"` : null
  }${describedBy ? html` aria-describedby="${describedBy}"` : null}${error ? html` aria-invalid="true"` : null}>
</div>`;
}

/** The summary at the top of a form that failed: announced at once, each entry links to its field. */
export function errorSummary(state: FormState, order: string[]): Html | null {
  const fieldEntries = order.filter((name) => state.fieldErrors[name]).map((name) => ({ name, message: state.fieldErrors[name]! }));
  if (fieldEntries.length === 0 && state.formErrors.length === 0) return null;
  return html`<div class="error-summary" role="alert" tabindex="-1">
<h2>There is a problem</h2>
<ul>
${state.formErrors.map((message) => html`<li>${message}</li>`)}
${fieldEntries.map((entry) => html`<li><a href="#${fieldId(entry.name)}">${entry.message}</a></li>`)}
</ul>
</div>`;
}
