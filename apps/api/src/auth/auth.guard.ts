import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { scopeAllows, type ApiKeyScope } from '@podnet/contracts';
import { ServiceError } from '../errors/service-error';
import { MetricsService } from '../observability/metrics.service';
import { ApiKeyService } from './api-key.service';
import { carrierOf, PUBLIC_ROUTE, REQUIRED_SCOPE } from './decorators';
import { RateLimiter } from './rate-limiter';

/** Global guard: every route needs a live API key with enough scope, within its rate, unless @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly limiter: RateLimiter,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const needed = this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, targets) ?? 'READ';
    const carrier = carrierOf(ctx);
    // Subscriptions authenticate once, on connection; queries and mutations on every request.
    if (!carrier.principal) {
      const header = carrier.headers?.['authorization'];
      try {
        carrier.principal = await this.keys.authenticate(Array.isArray(header) ? header[0] : header);
      } catch (error) {
        // Failed attempts are rate limited per client address too (no key guessing at full speed).
        const address = (carrier as { socket?: { remoteAddress?: string } }).socket?.remoteAddress ?? 'unknown';
        if (!this.limiter.take(`unauthenticated:${address}`)) {
          this.metrics.rateLimited.inc();
          throw new ServiceError('RATE_LIMITED', 'too many requests without a valid API key; slow down');
        }
        throw error;
      }
      if (!this.limiter.take(carrier.principal.keyId)) {
        this.metrics.rateLimited.inc();
        throw new ServiceError('RATE_LIMITED', 'rate limit exceeded for this API key; slow down');
      }
    }
    if (!scopeAllows(carrier.principal.scope, needed)) {
      throw new ServiceError('FORBIDDEN', `this needs a key with scope ${needed} (yours: ${carrier.principal.scope})`);
    }
    return true;
  }
}
