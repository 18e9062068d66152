import { DesignError, PodnetError, type ApiErrorCode, type RunErrorRecord } from '@podnet/contracts';
import { ZodError } from 'zod';

/** A run that cannot succeed however often it is retried (bad params, missing library, ...). */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly path: (string | number)[] | null = null,
  ) {
    super(message);
  }
}

export const notImplemented = (what: string) =>
  new RunFailure('NOT_IMPLEMENTED', `${what} is not available in this podnet build yet`);

/** The error stored on the run, and whether retrying could help (only for unexpected errors). */
export function classify(error: unknown): { record: RunErrorRecord; retryable: boolean } {
  if (error instanceof RunFailure) return { record: { code: error.code, message: error.message, path: error.path }, retryable: false };
  if (error instanceof DesignError) {
    const first = error.issues[0];
    return { record: { code: 'BAD_USER_INPUT', message: error.message, path: first ? [...first.path] : null }, retryable: false };
  }
  if (error instanceof PodnetError) {
    // Domain input errors name the CLI flag (`--from`); in the service that is a run parameter.
    const field = (error as PodnetError & { field?: unknown }).field;
    const path = typeof field === 'string' ? ['params', field.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] : null;
    return { record: { code: error.code, message: error.message, path }, retryable: false };
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    return { record: { code: 'BAD_USER_INPUT', message: error.message, path: first ? ['params', ...first.path.map(String)] : null }, retryable: false };
  }
  return { record: { code: 'INTERNAL', message: 'internal error while running the job', path: null }, retryable: true };
}
