import { describe, expect, it } from 'vitest';
import { parseWorkerConfig } from './worker-config.schema';

const base = { DATABASE_URL: 'postgresql://podnet@127.0.0.1:5432/podnet', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('worker configuration', () => {
  it('reaches EC2 at AWS by default, with 5 attempts per call', () => {
    expect(parseWorkerConfig(base).ec2).toEqual({ maxAttempts: 5 });
  });

  it('treats an empty PODNET_EC2_ENDPOINT (docker compose passing an unset variable) as unset', () => {
    expect(parseWorkerConfig({ ...base, PODNET_EC2_ENDPOINT: '', PODNET_EC2_MAX_ATTEMPTS: '2' }).ec2).toEqual({ maxAttempts: 2 });
    expect(parseWorkerConfig({ ...base, PODNET_EC2_ENDPOINT: 'https://vpce-0a1b.ec2.us-east-1.vpce.amazonaws.com' }).ec2.endpoint).toBe('https://vpce-0a1b.ec2.us-east-1.vpce.amazonaws.com');
  });

  it('names each bad variable', () => {
    expect(() => parseWorkerConfig({ ...base, PODNET_EC2_ENDPOINT: 'not a url', PODNET_EC2_MAX_ATTEMPTS: '0' })).toThrow(/PODNET_EC2_ENDPOINT: .*\n.*PODNET_EC2_MAX_ATTEMPTS: /s);
    expect(() => parseWorkerConfig({})).toThrow(/DATABASE_URL: the worker needs DATABASE_URL/);
  });
});
