import { PlannerError } from '../errors/planner-error';

/**
 * The instance type is not in the catalogue. `suggestions` holds the nearest known types.
 *
 * @example
 * new UnknownInstanceTypeError('m5.larg', ['m5.large']).message
 * // => 'unknown instance type "m5.larg"; did you mean m5.large? (run `podnet catalogue refresh` for newer types)'
 */
export class UnknownInstanceTypeError extends PlannerError {
  override readonly name = 'UnknownInstanceTypeError';
  override readonly code = 'UNKNOWN_INSTANCE_TYPE' as const;
  constructor(
    readonly instanceType: string,
    readonly suggestions: readonly string[],
  ) {
    super('UNKNOWN_INSTANCE_TYPE', describeUnknown(instanceType, suggestions));
  }
}

/**
 * Message for an unknown type, naming the nearest known ones.
 *
 * @example
 * describeUnknown('x', []) // => 'unknown instance type "x" (run `podnet catalogue refresh` for newer types)'
 */
export function describeUnknown(instanceType: string, suggestions: readonly string[]): string {
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
  return `unknown instance type ${JSON.stringify(instanceType)}${hint} (run \`podnet catalogue refresh\` for newer types)`;
}
