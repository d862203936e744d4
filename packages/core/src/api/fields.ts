import { z } from 'zod';

/** GitHub's username rule: letters, digits and single hyphens, no hyphen at either end. */
export const usernameField = z
  .string()
  .trim()
  .min(1, 'Username is required')
  .max(39, 'Username is at most 39 characters')
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/, 'Use letters, digits and single hyphens, not at either end');

export const emailField = z.string().trim().max(254, 'Email is at most 254 characters').pipe(z.email('Enter a valid email address'));

/**
 * NIST SP 800-63B: at least 8 characters, no composition rules; an upper bound keeps hashing
 * cost bounded.
 */
export const newPasswordField = z
  .string()
  .min(8, 'Password must be at least 8 characters')
  .max(256, 'Password is at most 256 characters');

/** A password being checked, not set: only bounded, so old passwords still work. */
export const passwordField = z.string().min(1, 'Password is required').max(256, 'Password is at most 256 characters');
