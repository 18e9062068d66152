import { ErrorCode, PodnetError } from '@podnet/contracts';

/**
 * A trace request names something the model does not have (an unknown pod, node or container, a malformed
 * address or port). Code BAD_USER_INPUT: the CLI exits 2.
 *
 * @example
 * throw new TraceInputError('--from', 'default/nope', 'no pod default/nope in the inputs');
 */
export class TraceInputError extends PodnetError {
  override readonly name = 'TraceInputError';
  constructor(
    readonly field: string,
    readonly value: string,
    why: string,
  ) {
    super(ErrorCode.BadInput, `${field} ${value}: ${why}`);
  }
}
