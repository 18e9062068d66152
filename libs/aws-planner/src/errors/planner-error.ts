import { ErrorCode, PodnetError } from '@podnet/contracts';

/** Error codes raised by the planner (mapped once at the edge: CLI exit 2, API 400). */
export type PlannerErrorCode = typeof ErrorCode.UnknownInstanceType | typeof ErrorCode.BadInput;

/**
 * Base class of the planner's deliberate errors. `code` says what went wrong; the message says it in words.
 *
 * @example
 * throw new PlannerError('BAD_USER_INPUT', 'pods must be a non-negative integer, got -1');
 */
export class PlannerError extends PodnetError {
  override readonly name: string = 'PlannerError';
  constructor(
    override readonly code: PlannerErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * Bad input to a planner function: names the field and the reason.
 *
 * @example
 * throw new PlannerInputError('warmIpTarget', 'must be a non-negative integer', -1);
 */
export class PlannerInputError extends PlannerError {
  override readonly name = 'PlannerInputError';
  constructor(
    readonly field: string,
    reason: string,
    readonly value?: unknown,
  ) {
    super(
      ErrorCode.BadInput,
      `${field}: ${reason}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
    );
  }
}
