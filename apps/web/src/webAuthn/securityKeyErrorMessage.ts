import { isApiError } from '../api/ApiError.ts';

const messagesByName: Record<string, string> = {
  NotAllowedError: 'The security key did not respond or the request was cancelled.',
  AbortError: 'The security key request was cancelled.',
  InvalidStateError: 'This security key is already registered.',
  NotSupportedError: 'This security key does not support what this site needs.',
  SecurityError: 'The browser refused to use a security key on this address.',
};

/**
 * Browser WebAuthn failures carry technical names and messages; people need to know what to
 * do next. Server errors already speak plainly and pass through.
 */
export function securityKeyErrorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error) {
    const known = messagesByName[error.name];
    if (known !== undefined) return known;
    if (/not supported/i.test(error.message)) return 'This browser cannot use security keys.';
  }
  return 'The security key could not be used. Try again.';
}
