import { csrfField } from './layout.ts';
import type { Page } from './layout.ts';
import { errorSummary, field } from './forms.ts';
import type { FieldSpec, FormState } from './forms.ts';
import { html } from './html.ts';
import { withReturnTo } from './withReturnTo.ts';

export interface AuthFormOptions {
  siteName: string;
  csrfToken: string;
  state: FormState;
  /** A safe relative path to continue to after success (see safeReturnTo). */
  returnTo: string | undefined;
  /** The display name of whoever is signed in already, if anyone. */
  signedInAs: string | null;
}

function returnToField(returnTo: string | undefined) {
  return returnTo ? html`<input type="hidden" name="return_to" value="${returnTo}">` : null;
}

const signUpFields: FieldSpec[] = [
  { name: 'username', label: 'Username', type: 'text', autocomplete: 'username', maxLength: 39, hint: 'Letters, digits and single hyphens.' },
  { name: 'email', label: 'Email', type: 'email', autocomplete: 'email', maxLength: 254 },
  { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', minLength: 8, maxLength: 256, hint: 'At least 8 characters.' },
];

export function signUpPage(options: AuthFormOptions): Page {
  const { state } = options;
  return {
    title: 'Create your account',
    main: html`<h1>Create your ${options.siteName} account</h1>
${errorSummary(state, signUpFields.map((f) => f.name))}
<form method="post" action="/sign-up" class="stack" novalidate>
${csrfField(options.csrfToken)}
${returnToField(options.returnTo)}
${signUpFields.map((spec) => field(spec, state))}
<button type="submit">Create account</button>
</form>
<p>Already have an account? <a href="${withReturnTo('/sign-in', options.returnTo)}">Sign in</a></p>`,
  };
}

const signInFields: FieldSpec[] = [
  { name: 'login', label: 'Username or email', type: 'text', autocomplete: 'username', maxLength: 254 },
  { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', maxLength: 256 },
];

export function signInPage(options: AuthFormOptions): Page {
  const { state } = options;
  return {
    title: 'Sign in',
    main: html`<h1>Sign in to ${options.siteName}</h1>
${options.signedInAs ? html`<p>This browser is already signed in to the account ${options.signedInAs}. Enter your password to confirm it is you, or sign in to another account.</p>` : null}
${errorSummary(state, signInFields.map((f) => f.name))}
<form method="post" action="/sign-in" class="stack" novalidate>
${csrfField(options.csrfToken)}
${returnToField(options.returnTo)}
${signInFields.map((spec) => field(spec, state))}
<button type="submit">Sign in</button>
</form>
<p>New to ${options.siteName}? <a href="${withReturnTo('/sign-up', options.returnTo)}">Create an account</a></p>`,
  };
}
