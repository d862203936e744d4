import { AppError } from '@recovery/core/errors';
import type { ErrorCode } from '@recovery/core/errors';

/** An access-token refusal, carrying the WWW-Authenticate challenge (RFC 6750) to send with it. */
export class BearerError extends AppError {
  readonly challenge: string;

  constructor(code: ErrorCode, message: string, error?: 'invalid_token' | 'insufficient_scope' | 'insufficient_user_authentication', extra = '') {
    super(code, message);
    this.challenge = `Bearer realm="recovery-tokens"${error ? `, error="${error}"` : ''}${extra}`;
  }
}
