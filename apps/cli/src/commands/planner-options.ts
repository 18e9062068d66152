import { UsageError } from '../support/errors';

/** Parses a flag value as a whole number >= min, or fails with exit 2 naming the flag. */
export function wholeNumber(flag: string, min = 0): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
      throw new UsageError(
        `${flag} must be a whole number${min > 0 ? ` >= ${min}` : ''} (got ${JSON.stringify(value)})`,
      );
    }
    return Number(value);
  };
}
