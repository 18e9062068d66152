import type { z } from 'zod';
import { ServiceError } from '../errors/service-error';

/** Validates input with its contract schema; BAD_USER_INPUT naming each field (prefixed, e.g. `input.name`). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: (string | number)[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: i.message,
  }));
  throw new ServiceError('BAD_USER_INPUT', issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '), issues);
}

/** Nest route params that must be ids: a malformed id is simply not found. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
