import type { Page } from './layout.ts';
import { html } from './html.ts';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign in required',
  403: 'Not allowed',
  404: 'Page not found',
  413: 'Request too large',
  415: 'Unsupported request',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** An error as a page. The message is the API error message, which never holds a secret. */
export function errorPage(status: number, message: string): Page {
  const title = titles[status] ?? (status >= 500 ? 'Something went wrong' : 'Request not accepted');
  const text = status === 404 ? 'There is nothing at this address.' : message;
  return {
    title,
    main: html`<h1>${title}</h1>
<p>${text}</p>
<p><a href="/">Go to the home page</a></p>`,
  };
}
