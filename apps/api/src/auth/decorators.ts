import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { ApiKeyScope, Principal } from '@podnet/contracts';

export const PUBLIC_ROUTE = 'podnet:public';
export const REQUIRED_SCOPE = 'podnet:scope';

/** No API key needed (health and readiness only; webhooks check their own HMAC signature). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The least scope a key needs here (default READ). */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);

/** Where the guard leaves the caller, for REST and GraphQL alike. */
export interface AuthCarrier {
  principal?: Principal;
  id?: string;
  headers?: Record<string, string | string[] | undefined>;
}

export function carrierOf(ctx: ExecutionContext): AuthCarrier {
  if (ctx.getType<string>() === 'graphql') {
    const gql = GqlExecutionContext.create(ctx).getContext<{ req?: AuthCarrier; principal?: Principal }>();
    // Subscriptions carry the principal authenticated on connection; queries and mutations carry the request.
    if (gql.principal) return gql as AuthCarrier;
    return gql.req ?? (gql as AuthCarrier);
  }
  return ctx.switchToHttp().getRequest<AuthCarrier>();
}

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = carrierOf(ctx).principal;
  if (!principal) throw new Error('no principal: route is missing the auth guard');
  return principal;
});
