import { describe, expect, it } from 'vitest';
import type { ApiConfig } from '../config/config.schema';
import { RateLimiter } from './rate-limiter';

const limiter = (rps: number, burst: number) => new RateLimiter({ rateLimit: { rps, burst } } as ApiConfig);

describe('RateLimiter (token bucket per key)', () => {
  it('allows a burst, then one request per 1/rps seconds', () => {
    const l = limiter(2, 3);
    const t = 1_000_000;
    expect([l.take('k', t), l.take('k', t), l.take('k', t), l.take('k', t)]).toEqual([true, true, true, false]);
    expect(l.take('k', t + 400)).toBe(false); // 0.8 token
    expect(l.take('k', t + 500)).toBe(true); // 1 token after 0.5 s at 2/s
  });

  it('keeps keys apart', () => {
    const l = limiter(1, 1);
    expect(l.take('a', 0)).toBe(true);
    expect(l.take('a', 0)).toBe(false);
    expect(l.take('b', 0)).toBe(true);
  });
});
