import { Inject, Injectable } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../config/config.schema';

/** Token bucket per API key, in this process (each API replica limits on its own). */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  /** Takes one token; false when the key is over its rate. */
  take(keyId: string, now = Date.now()): boolean {
    const { rps, burst } = this.config.rateLimit;
    const bucket = this.buckets.get(keyId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rps);
    bucket.at = now;
    const ok = bucket.tokens >= 1;
    if (ok) bucket.tokens -= 1;
    this.buckets.set(keyId, bucket);
    return ok;
  }
}
