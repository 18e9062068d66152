import type { ApiErrorCode, JsonPath } from '@podnet/contracts';

/** One located problem in a request: JSON path, reason and (optionally) the value and source line. */
export interface ErrorIssue {
  path: JsonPath;
  message: string;
  value?: unknown;
  line?: number;
  file?: string;
}

/** An error the service raises on purpose, with a code from the one table in error-table.ts. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues: readonly ErrorIssue[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new ServiceError('NOT_FOUND', `${what} ${id} not found`);
export const badInput = (path: JsonPath, message: string) => new ServiceError('BAD_USER_INPUT', `${path.join('.')}: ${message}`, [{ path, message }]);
