/**
 * The one error type every package throws for anything a client or operator can cause.
 * `code` is machine-readable and stable; the HTTP layers map it to a status with `httpStatusFor`.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'password_too_common'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'csrf_failed'
  | 'sudo_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'username_taken'
  | 'email_taken'
  | 'rate_limited'
  | 'two_factor_required'
  | 'invalid_code'
  | 'expired'
  | 'malformed_token'
  | 'invalid_signature'
  | 'token_rejected'
  | 'token_used'
  | 'unavailable'
  | 'internal';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  password_too_common: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  sudo_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  username_taken: 409,
  email_taken: 409,
  rate_limited: 429,
  two_factor_required: 401,
  invalid_code: 400,
  expired: 400,
  malformed_token: 400,
  invalid_signature: 400,
  token_rejected: 400,
  token_used: 400,
  unavailable: 503,
  internal: 500,
};

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldIssue[] | undefined;
  /** Seconds until a rate-limited client may try again (sent as Retry-After). */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: FieldIssue[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = statusByCode[code];
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }
}

export function httpStatusFor(code: ErrorCode): number {
  return statusByCode[code];
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** The body every error response carries. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldIssue[] };
}

export function errorBody(error: AppError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}
