import type { Gateway, HTTPRoute, Ingress, IngressClass } from '@podnet/contracts';
import { routeGateway } from './gateway-match';
import { routeIngress, servedIngresses, type HttpRequest, type RouteDecision } from './ingress-match';

/** The HTTP routing objects of an input. */
export interface HttpRoutingObjects {
  readonly ingresses: readonly Ingress[];
  readonly ingressClasses: readonly IngressClass[];
  readonly gateways: readonly Gateway[];
  readonly httpRoutes: readonly HTTPRoute[];
}

/** A routing decision, plus the other API's decision when both Ingress and HTTPRoute match. */
export interface CombinedRouteDecision extends RouteDecision {
  readonly alsoMatched?: RouteDecision;
}

/**
 * Routes a request through Ingresses and HTTPRoutes together: whichever matches answers; when both do, the
 * Ingress is preferred and the HTTPRoute's answer is kept in `alsoMatched` (cli-contract.md, `route`).
 *
 * @example
 * routeHttpRequest(inventory, { host: 'foo.bar.com', path: '/foo' }).via?.kind // => 'Ingress'
 */
export function routeHttpRequest(objects: HttpRoutingObjects, request: HttpRequest): CombinedRouteDecision {
  const ingress = objects.ingresses.length > 0 ? routeIngress(servedIngresses(objects.ingresses, objects.ingressClasses), request) : undefined;
  const gateway = objects.httpRoutes.length > 0 ? routeGateway(objects.gateways, objects.httpRoutes, request) : undefined;
  if (ingress && ingress.status === 200) return gateway && gateway.status === 200 ? { ...ingress, alsoMatched: gateway } : ingress;
  if (gateway && gateway.status === 200) return gateway;
  return ingress ?? gateway ?? { status: 404, backend: null, via: null, reason: 'no Ingress or HTTPRoute in the input' };
}
