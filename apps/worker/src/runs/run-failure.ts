import { DesignError, paramOfFlag, PodnetError, type ApiErrorCode, type RunErrorRecord } from '@podnet/contracts';
import { Ec2CallError } from '@podnet/aws-planner/reconcile';
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
    const path = typeof field === 'string' ? ['params', paramOfFlag(field)] : null;
    return { record: { code: error.code, message: error.message, path }, retryable: false };
  }
  if (error instanceof Ec2CallError) {
    // EC2 throttling or an outage outlived the SDK's retries: retry the job later. Missing or refused credentials,
    // unknown ids or a rejected request will not fix themselves: fail now, with EC2's own error code in the message.
    const code = error.kind === 'not-found' || error.kind === 'rejected' ? 'BAD_USER_INPUT' : 'UNAVAILABLE';
    return { record: { code, message: error.message, path: null }, retryable: error.kind === 'transient' };
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    return { record: { code: 'BAD_USER_INPUT', message: error.message, path: first ? ['params', ...first.path.map(String)] : null }, retryable: false };
  }
  return { record: { code: 'INTERNAL', message: 'internal error while running the job', path: null }, retryable: true };
}
