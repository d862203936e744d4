import type { Provider } from '@recovery/db';

/** SQLite always; PostgreSQL too when TEST_POSTGRES_URL names a server (CI sets it). */
export const providersUnderTest: Provider[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
