import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { rememberCsrfToken } from '../api/csrfToken.ts';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  rememberCsrfToken(null);
});
