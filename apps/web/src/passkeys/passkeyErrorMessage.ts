import { isApiError } from '../api/ApiError.ts';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { securityKeyErrorMessage } from '../webAuthn/securityKeyErrorMessage.ts';

const messagesByName: Record<string, string> = {
  NotAllowedError: 'The passkey request was cancelled or timed out.',
  AbortError: 'The passkey request was cancelled.',
  InvalidStateError: 'This device already holds a passkey or security key for your account.',
  NotSupportedError: 'This device cannot create a passkey (one that verifies you with a PIN or biometrics).',
};

/**
 * A browser's WebAuthn failure in passkey words; anything else as for security keys. Null for a
 * cancelled "Confirm access": the user's own choice, not an error.
 */
export function passkeyErrorMessage(error: unknown): string | null {
  if (isSudoCancelled(error)) return null;
  if (!isApiError(error) && error instanceof Error) {
    const known = messagesByName[error.name];
    if (known !== undefined) return known;
  }
  return securityKeyErrorMessage(error);
}
