import type { z } from 'zod';
import { ConfigError } from './configError.ts';

/** Each zod issue as `NAME: what is wrong`. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** The production settings that are unset (or blank) in `env`, one line each. */
export function missingSettings(env: NodeJS.ProcessEnv, names: readonly string[]): string[] {
  return names.filter((name) => !env[name]?.trim()).map((name) => `${name} is required in production`);
}

/**
 * Refuses a configuration with every problem in one error, so an operator fixes them in one
 * pass instead of discovering one per start.
 */
export function refuseProblems(label: string, problems: string[]): void {
  if (problems.length > 0) throw new ConfigError(`Invalid ${label} configuration: ${problems.join('; ')}`);
}
