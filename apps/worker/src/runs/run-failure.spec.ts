import { DesignError, PodnetError } from '@podnet/contracts';
import { describe, expect, it } from 'vitest';
import { Ec2CallError } from '@podnet/aws-planner/reconcile';
import { classify, RunFailure } from './run-failure';

describe('classify', () => {
  it('never retries the user’s mistakes or missing features', () => {
    expect(classify(new RunFailure('NOT_IMPLEMENTED', 'later'))).toMatchObject({ retryable: false, record: { code: 'NOT_IMPLEMENTED' } });
    expect(classify(new DesignError([{ path: ['a', 0], message: 'bad' }]))).toMatchObject({ retryable: false, record: { code: 'BAD_USER_INPUT', path: ['a', 0] } });
    expect(classify(new PodnetError('UNKNOWN_INSTANCE_TYPE', 'x'))).toMatchObject({ retryable: false, record: { code: 'UNKNOWN_INSTANCE_TYPE' } });
  });

  it('places a domain input error naming a CLI flag at the run parameter', () => {
    const error = Object.assign(new PodnetError('BAD_USER_INPUT', '--from x: no pod'), { field: '--ipblock-matches-pods' });
    expect(classify(error).record.path).toEqual(['params', 'ipblockMatchesPods']);
  });

  it('retries EC2 throttling and outages, fails at once on credentials, permissions and unknown ids', () => {
    const throttled = new Ec2CallError('RequestLimitExceeded', 'transient', 'EC2 call failed: RequestLimitExceeded: slow down');
    expect(classify(throttled)).toEqual({ retryable: true, record: { code: 'UNAVAILABLE', message: throttled.message, path: null } });
    expect(classify(new Ec2CallError('AuthFailure', 'credentials', 'x'))).toMatchObject({ retryable: false, record: { code: 'UNAVAILABLE' } });
    expect(classify(new Ec2CallError('UnauthorizedOperation', 'denied', 'x'))).toMatchObject({ retryable: false, record: { code: 'UNAVAILABLE' } });
    expect(classify(new Ec2CallError('InvalidVpcID.NotFound', 'not-found', 'x'))).toMatchObject({ retryable: false, record: { code: 'BAD_USER_INPUT' } });
  });

  it('retries unexpected errors without leaking their message', () => {
    expect(classify(new Error('connection reset'))).toEqual({ retryable: true, record: { code: 'INTERNAL', message: 'internal error while running the job', path: null } });
  });
});
