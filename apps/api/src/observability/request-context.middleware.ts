import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from '../common/http.types';
import { AppLogger } from './logger';
import { MetricsService } from './metrics.service';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Request id (X-Request-Id, echoed back), one access-log line and the latency metric per request. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(
    private readonly logger: AppLogger,
    private readonly metrics: MetricsService,
  ) {}

  use(req: Request & { id?: string }, res: Response, next: NextFunction): void {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader('x-request-id', id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeOf(req);
      this.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (route === '/health' || route === '/ready' || route === '/metrics') return;
      this.logger.pino.info(
        { requestId: id, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10, team: (req as { principal?: { teamName: string } }).principal?.teamName },
        'request',
      );
    });
    next();
  }
}

/** The route pattern (never the raw URL, which may carry ids without bound). */
function routeOf(req: Request): string {
  const route = (req as { route?: { path?: string } }).route?.path;
  if (route) return `${req.baseUrl ?? ''}${route}`;
  const path = req.originalUrl.split('?')[0] ?? '';
  if (path === '/graphql' || path === '/health' || path === '/ready' || path === '/metrics' || path === '/docs') return path;
  return path.startsWith('/v1/') ? '/v1/*' : 'other';
}
