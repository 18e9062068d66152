import { DesignError, PodnetError } from '@podnet/contracts';
import { describe, expect, it } from 'vitest';
import { classify, notImplemented } from './run-failure';

describe('classify', () => {
  it('never retries the user’s mistakes or missing features', () => {
    expect(classify(notImplemented('TRACE'))).toMatchObject({ retryable: false, record: { code: 'NOT_IMPLEMENTED' } });
    expect(classify(new DesignError([{ path: ['a', 0], message: 'bad' }]))).toMatchObject({ retryable: false, record: { code: 'BAD_USER_INPUT', path: ['a', 0] } });
    expect(classify(new PodnetError('UNKNOWN_INSTANCE_TYPE', 'x'))).toMatchObject({ retryable: false, record: { code: 'UNKNOWN_INSTANCE_TYPE' } });
  });

  it('places a domain input error naming a CLI flag at the run parameter', () => {
    const error = Object.assign(new PodnetError('BAD_USER_INPUT', '--from x: no pod'), { field: '--ipblock-matches-pods' });
    expect(classify(error).record.path).toEqual(['params', 'ipblockMatchesPods']);
  });

  it('retries unexpected errors without leaking their message', () => {
    expect(classify(new Error('connection reset'))).toEqual({ retryable: true, record: { code: 'INTERNAL', message: 'internal error while running the job', path: null } });
  });
});
