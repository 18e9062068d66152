import { DesignError, PodnetError, type ApiErrorCode } from '@podnet/contracts';
import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import { ServiceError, type ErrorIssue } from './service-error';

/** The one table: every error code -> HTTP status and GraphQL `extensions.code`. */
export const ERROR_TABLE: Record<ApiErrorCode, { status: number; graphql: string }> = {
  BAD_USER_INPUT: { status: 400, graphql: 'BAD_USER_INPUT' },
  UNKNOWN_INSTANCE_TYPE: { status: 400, graphql: 'BAD_USER_INPUT' },
  UNAUTHENTICATED: { status: 401, graphql: 'UNAUTHENTICATED' },
  FORBIDDEN: { status: 403, graphql: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, graphql: 'NOT_FOUND' },
  CONFLICT: { status: 409, graphql: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { status: 413, graphql: 'PAYLOAD_TOO_LARGE' },
  RATE_LIMITED: { status: 429, graphql: 'RATE_LIMITED' },
  INTERNAL: { status: 500, graphql: 'INTERNAL_SERVER_ERROR' },
  NOT_IMPLEMENTED: { status: 501, graphql: 'NOT_IMPLEMENTED' },
  UNAVAILABLE: { status: 503, graphql: 'SERVICE_UNAVAILABLE' },
};

const STATUS_CODES: Partial<Record<number, ApiErrorCode>> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Any thrown value, as the client sees it. `internal` marks a bug (logged with its stack, never shown). */
export interface Problem {
  code: ApiErrorCode;
  status: number;
  graphqlCode: string;
  message: string;
  issues: ErrorIssue[];
  internal: boolean;
}

/** Maps anything thrown to a problem. A user's mistake is never a 500. */
export function toProblem(error: unknown, prefix: (string | number)[] = []): Problem {
  const make = (code: ApiErrorCode, message: string, issues: ErrorIssue[] = [], internal = false): Problem => ({
    code,
    status: ERROR_TABLE[code].status,
    graphqlCode: ERROR_TABLE[code].graphql,
    message,
    issues,
    internal,
  });
  if (error instanceof ServiceError) return make(error.code, error.message, [...error.issues]);
  if (error instanceof DesignError) {
    return make('BAD_USER_INPUT', 'the design is not valid', error.issues.map((i) => ({ ...i, path: [...i.path] })));
  }
  if (error instanceof PodnetError) return make(error.code, error.message);
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
    return make('BAD_USER_INPUT', issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '), issues);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_USER_INPUT');
    return make(code, error.message, [], status >= 500);
  }
  // body-parser errors (express): too large, malformed JSON.
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (bodyError && typeof bodyError.status === 'number' && typeof bodyError.type === 'string') {
    if (bodyError.type === 'entity.too.large') return make('PAYLOAD_TOO_LARGE', 'request body too large');
    return make('BAD_USER_INPUT', `malformed request body: ${bodyError.message ?? bodyError.type}`, [{ path: [], message: bodyError.message ?? '' }]);
  }
  return make('INTERNAL', 'internal error', [], true);
}
