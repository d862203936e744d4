import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { rememberCsrfToken } from '../api/csrfToken.ts';
import { loadCoreApi } from '../api/coreApi.ts';
import { lazyPages } from '../routes/lazyPages.ts';

// Pages (and WebAuthn) load on demand in the app. Loading them once before the file's tests
// means a test's waits measure rendering, never module loading (a transform under Vitest) on a
// machine busy with other suites. In a hook rather than at import time so each test file's
// vi.mock calls, registered by then, still apply to what these modules import. The one generous
// limit is for this one-off load only.
beforeAll(async () => {
  await Promise.all([...Object.values(lazyPages).map((load) => load()), import('@simplewebauthn/browser'), loadCoreApi()]);
}, 120_000);

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  rememberCsrfToken(null);
  sessionStorage.clear();
});

// findBy/waitFor poll for a condition; this is only how long before they give up. One second
// (the default) is too little for a render on a machine at a load of 14.
configure({ asyncUtilTimeout: 5_000 });
