// Every error the API answers, in one place: code -> HTTP status and type, as the contract's ErrorCode table says.

export type ErrorCode =
  | 'invalid_token'
  | 'expired_token'
  | 'insufficient_scope'
  | 'not_found'
  | 'already_exists'
  | 'conflict'
  | 'missing_field'
  | 'out_of_range'
  | 'invalid_format'
  | 'file_too_large'
  | 'rate_limit_exceeded'
  | 'quota_exceeded'
  | 'internal_error'
  | 'service_unavailable';

type ErrorType =
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'validation_error'
  | 'conflict_error'
  | 'rate_limit_error'
  | 'api_error';

const errorKinds: Record<ErrorCode, { status: number; type: ErrorType }> = {
  invalid_token: { status: 401, type: 'authentication_error' },
  expired_token: { status: 401, type: 'authentication_error' },
  insufficient_scope: { status: 403, type: 'permission_error' },
  not_found: { status: 404, type: 'not_found_error' },
  already_exists: { status: 409, type: 'conflict_error' },
  conflict: { status: 409, type: 'conflict_error' },
  missing_field: { status: 400, type: 'validation_error' },
  out_of_range: { status: 400, type: 'validation_error' },
  invalid_format: { status: 400, type: 'validation_error' },
  file_too_large: { status: 413, type: 'validation_error' },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error' },
  quota_exceeded: { status: 429, type: 'rate_limit_error' },
  internal_error: { status: 500, type: 'api_error' },
  service_unavailable: { status: 503, type: 'api_error' },
};

export interface ErrorDetails {
  param?: string;
  retryAfter?: number;
  unknownExternalIds?: string[];
  /** Overrides the code's natural status (unknown external IDs are a 400 not_found). */
  status?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: ErrorType;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.status = details.status ?? errorKinds[code].status;
    this.type = details.status === 400 && code === 'not_found' ? 'validation_error' : errorKinds[code].type;
  }

  toBody(requestId: string) {
    const { status: _status, ...details } = this.details;
    return { error: { code: this.code, message: this.message, type: this.type, requestId, ...details } };
  }
}

export const notFound = (message: string) => new ApiError('not_found', message);

export const invalidFormat = (param: string, message: string) =>
  new ApiError('invalid_format', message, { param });
