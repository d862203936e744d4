/** A configuration a service cannot start with; `main` prints its message and exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
