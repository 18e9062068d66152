import { ErrorCode } from '../errors/errors';

/**
 * Every error code the service can answer with: the shared codes plus the service's own. The API maps
 * each one to an HTTP status and a GraphQL code in one exhaustive table (apps/api/src/errors).
 */
export const ApiErrorCode = {
  ...ErrorCode,
  /** The run kind's domain library is not available yet. */
  NotImplemented: 'NOT_IMPLEMENTED',
  /** A dependency (database, queue) is not reachable. */
  Unavailable: 'UNAVAILABLE',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];
