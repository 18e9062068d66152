/** Error codes raised by the planner (mapped once at the edge: CLI exit 2, API 400). */
export type PlannerErrorCode = 'UNKNOWN_INSTANCE_TYPE' | 'BAD_USER_INPUT';

/**
 * Base class of the planner's deliberate errors. `code` says what went wrong; the message says it in words.
 *
 * @example
 * throw new PlannerError('BAD_USER_INPUT', 'pods must be a non-negative integer, got -1');
 */
export class PlannerError extends Error {
  override readonly name: string = 'PlannerError';
  constructor(
    readonly code: PlannerErrorCode,
    message: string,
  ) {
    super(message);
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
      'BAD_USER_INPUT',
      `${field}: ${reason}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
    );
  }
}
