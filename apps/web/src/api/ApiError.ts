import type { ErrorResponse } from '@recovery/core/api/index';

export type FieldIssue = NonNullable<ErrorResponse['error']['fields']>[number];

/**
 * A failed API call. `code` is the service's stable error code, plus two of the client's own:
 * `network_error` (no response at all) and `invalid_response` (a response outside the contract).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: readonly FieldIssue[];
  /** From a rate-limited answer's Retry-After header, so a page can say how long to wait. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, fields: readonly FieldIssue[] = [], retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isApiError(value: unknown, code?: string): value is ApiError {
  return value instanceof ApiError && (code === undefined || value.code === code);
}
