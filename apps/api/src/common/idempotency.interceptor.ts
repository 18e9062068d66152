import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { canonicalJson, type Principal } from '@podnet/contracts';
import { Database } from '@podnet/db';
import type { HttpRequest as Request, HttpResponse as Response } from './http.types';
import { from, mergeMap, Observable, of, tap, catchError, throwError } from 'rxjs';
import { ServiceError } from '../errors/service-error';

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * `Idempotency-Key` on REST POSTs: the first request's response is stored per team and key; a retry with
 * the same key and body gets it again (with `idempotent-replayed: true`), a different body under the same
 * key is a CONFLICT, and so is a retry while the first is still running.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly db: Database) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || !req.principal) return next.handle();
    if (!KEY.test(key)) throw new ServiceError('BAD_USER_INPUT', 'Idempotency-Key: 1-200 characters of letters, digits and . _ : -', [{ path: ['headers', 'idempotency-key'], message: 'invalid' }]);
    const { teamId } = req.principal;
    const hash = createHash('sha256').update(`${req.method} ${req.path}\n${canonicalJson(req.body ?? null)}`).digest('hex');
    return from(this.db.idempotency.claim(teamId, key, hash)).pipe(
      mergeMap((claim) => {
        switch (claim.state) {
          case 'replay':
            res.status(claim.status).setHeader('idempotent-replayed', 'true');
            return of(claim.body);
          case 'mismatch':
            return throwError(() => new ServiceError('CONFLICT', 'this Idempotency-Key was used with a different request'));
          case 'in-progress':
            return throwError(() => new ServiceError('CONFLICT', 'a request with this Idempotency-Key is still in progress'));
          case 'new':
            return next.handle().pipe(
              mergeMap((body) => from(this.db.idempotency.complete(teamId, key, res.statusCode, JSON.parse(JSON.stringify(body ?? null)))).pipe(mergeMap(() => of(body)))),
              catchError((error: unknown) => from(this.db.idempotency.release(teamId, key)).pipe(mergeMap(() => throwError(() => error)))),
            );
        }
      }),
      tap(() => undefined),
    );
  }
}
