import { DesignError, PodnetError } from '@podnet/contracts';
import { NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_TABLE, toProblem } from './error-table';
import { ServiceError } from './service-error';

describe('toProblem', () => {
  // Status codes: RFC 9110 §15 (400, 401, 403, 404, 409, 413) and RFC 6585 §4 (429).
  it('maps the issue’s codes to their HTTP statuses', () => {
    expect(ERROR_TABLE.BAD_USER_INPUT.status).toBe(400);
    expect(ERROR_TABLE.UNAUTHENTICATED.status).toBe(401);
    expect(ERROR_TABLE.FORBIDDEN.status).toBe(403);
    expect(ERROR_TABLE.NOT_FOUND.status).toBe(404);
    expect(ERROR_TABLE.CONFLICT.status).toBe(409);
    expect(ERROR_TABLE.PAYLOAD_TOO_LARGE.status).toBe(413);
    expect(ERROR_TABLE.RATE_LIMITED.status).toBe(429);
  });

  it('keeps the JSON path of every design issue', () => {
    const problem = toProblem(new DesignError([{ path: ['cluster', 'podCIDRs', 0], value: 'x', message: 'not a CIDR' }]));
    expect(problem).toMatchObject({ status: 400, graphqlCode: 'BAD_USER_INPUT', issues: [{ path: ['cluster', 'podCIDRs', 0], message: 'not a CIDR' }] });
  });

  it('prefixes zod paths', () => {
    const error = z.object({ name: z.string() }).safeParse({ name: 1 }).error;
    expect(toProblem(error, ['input']).issues[0]?.path).toEqual(['input', 'name']);
  });

  it('maps domain, service and framework errors, and hides bugs', () => {
    expect(toProblem(new PodnetError('UNKNOWN_INSTANCE_TYPE', 'm9.huge')).status).toBe(400);
    expect(toProblem(new ServiceError('NOT_IMPLEMENTED', 'later')).status).toBe(501);
    expect(toProblem(new NotFoundException()).code).toBe('NOT_FOUND');
    expect(toProblem({ type: 'entity.too.large', status: 413 }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(toProblem(new TypeError('x is undefined'))).toMatchObject({ status: 500, message: 'internal error', internal: true });
  });
});
