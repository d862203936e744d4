import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { rememberCsrfToken } from '../api/csrfToken.ts';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  rememberCsrfToken(null);
});

// CI runs every package's suite at once on two cores: the support console's lazily loaded code
// can take longer than Testing Library's default one second to appear.
configure({ asyncUtilTimeout: 5_000 });
