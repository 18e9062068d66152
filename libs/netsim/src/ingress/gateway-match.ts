import type { Gateway, HTTPRoute, HTTPRouteMatch } from '@podnet/contracts';
import type { HttpRequest, RouteDecision } from './ingress-match';
import { exactPathMatches, hostWithoutPort, prefixPathMatches, splitTarget } from './paths';

/**
 * Gateway API hostname match (`apis/v1` Hostname): precise names must be equal; `*.example.com` is a suffix match
 * of one OR MORE labels (`foo.bar.example.com` matches, `example.com` does not).
 *
 * @example
 * gatewayHostMatches('*.wildcard.io', 'foo.bar.wildcard.io') // => true
 */
export function gatewayHostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (!p.startsWith('*.')) return p === host;
  return host.endsWith(p.slice(1)) && host.length > p.length - 1;
}

/**
 * The hostnames a Route serves on a listener (Gateway API `HTTPRouteSpec.Hostnames`): the intersection of the
 * listener's hostname and the Route's; a Route without hostnames takes the listener's; null when they do not
 * intersect (the Route is not accepted there). An empty list means any host.
 *
 * @example
 * effectiveHostnames('very.specific.com', ['*.specific.com']) // => ['very.specific.com']
 */
export function effectiveHostnames(listener: string | undefined, route: readonly string[]): string[] | null {
  if (route.length === 0) return listener ? [listener] : [];
  if (!listener) return [...route];
  const out: string[] = [];
  for (const r of route) {
    if (gatewayHostMatches(listener, r.toLowerCase()) || r.toLowerCase() === listener.toLowerCase()) out.push(r);
    else if (gatewayHostMatches(r, listener.toLowerCase())) out.push(listener);
  }
  return out.length > 0 ? [...new Set(out)] : null;
}

interface Candidate {
  route: HTTPRoute;
  ruleIndex: number;
  match: HTTPRouteMatch;
  exact: boolean;
  prefixLength: number;
  method: boolean;
  headers: number;
  queries: number;
  created: string;
  name: string;
}

function valueMatches(type: string | undefined, expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (type === 'RegularExpression') {
    try {
      return new RegExp(`^(?:${expected})$`).test(actual);
    } catch {
      return false;
    }
  }
  return expected === actual;
}

function hostQuality(hostnames: readonly string[], host: string | undefined): [number, number] | null {
  if (hostnames.length === 0) return [0, 0];
  if (host === undefined) return null;
  let best: [number, number] | null = null;
  for (const h of hostnames) {
    if (!gatewayHostMatches(h, host)) continue;
    const q: [number, number] = h.startsWith('*.') ? [0, h.length] : [h.length, h.length];
    if (!best || q[0] > best[0] || (q[0] === best[0] && q[1] > best[1])) best = q;
  }
  return best;
}

/**
 * Routes a request through HTTPRoutes attached to Gateways (kubernetes-sigs/gateway-api `httproute_types.go`):
 * hostnames intersect with each listener's (port ignored in the Host header); across Routes the one with the
 * longest matching non-wildcard hostname, then longest matching hostname, is used; among matches (ORed within a
 * rule; path, headers, query and method ANDed; no path = PathPrefix `/`) precedence is Exact path, longest
 * PathPrefix, method, most header matches, most query matches, oldest Route, `namespace/name` alphabetically, rule
 * order. Nothing matches -> 404. With no Gateway in the input, every Route is taken as attached to one listener
 * without a hostname.
 *
 * @example
 * routeGateway([], routes, { host: 'example.com', path: '/v2' }).backend?.service // => 'infra-backend-v2'
 */
export function routeGateway(gateways: readonly Gateway[], routes: readonly HTTPRoute[], request: HttpRequest): RouteDecision {
  const host = hostWithoutPort(request.host);
  const { path, query } = splitTarget(request.path);
  const headers = new Map(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const method = (request.method ?? 'GET').toUpperCase();

  // Effective hostnames of each route across the listeners it attaches to.
  const attached: { route: HTTPRoute; hostnames: string[] }[] = [];
  for (const route of routes) {
    const ns = route.metadata.namespace ?? 'default';
    const routeHosts = route.spec.hostnames ?? [];
    const parents = route.spec.parentRefs ?? [];
    const listeners: (string | undefined)[] = [];
    if (gateways.length === 0) listeners.push(undefined);
    for (const gw of gateways) {
      const gns = gw.metadata.namespace ?? 'default';
      const refs = parents.filter((p) => p.name === gw.metadata.name && (p.namespace ?? ns) === gns);
      if (refs.length === 0) continue;
      for (const l of gw.spec.listeners) {
        if (!/^HTTPS?$/.test(l.protocol)) continue;
        if (refs.some((r) => (r.sectionName === undefined || r.sectionName === l.name) && (r.port === undefined || r.port === l.port))) listeners.push(l.hostname);
      }
    }
    let any = false;
    const hostnames = new Set<string>();
    for (const l of listeners) {
      const eff = effectiveHostnames(l, routeHosts);
      if (eff === null) continue;
      any = true;
      if (eff.length === 0) {
        hostnames.clear();
        break;
      }
      for (const h of eff) hostnames.add(h.toLowerCase());
    }
    if (any) attached.push({ route, hostnames: [...hostnames] });
  }

  // Hostname precedence across Routes.
  let bestQ: [number, number] | null = null;
  const byQuality: { route: HTTPRoute; q: [number, number] }[] = [];
  for (const a of attached) {
    const q = hostQuality(a.hostnames, host);
    if (!q) continue;
    byQuality.push({ route: a.route, q });
    if (!bestQ || q[0] > bestQ[0] || (q[0] === bestQ[0] && q[1] > bestQ[1])) bestQ = q;
  }
  const eligible = byQuality.filter((b) => bestQ && b.q[0] === bestQ[0] && b.q[1] === bestQ[1]).map((b) => b.route);

  const candidates: Candidate[] = [];
  for (const route of eligible) {
    const name = `${route.metadata.namespace ?? 'default'}/${route.metadata.name}`;
    (route.spec.rules ?? []).forEach((rule, ruleIndex) => {
      const matches = rule.matches && rule.matches.length > 0 ? rule.matches : [{}];
      for (const m of matches) {
        const type = m.path?.type ?? 'PathPrefix';
        const value = m.path?.value ?? '/';
        let ok = type === 'Exact' ? exactPathMatches(value, path) : type === 'PathPrefix' ? prefixPathMatches(value, path) : valueMatches('RegularExpression', value, path);
        ok = ok && (m.headers ?? []).every((h) => valueMatches(h.type, h.value, headers.get(h.name.toLowerCase())));
        ok = ok && (m.queryParams ?? []).every((q) => valueMatches(q.type, q.value, query.get(q.name)));
        ok = ok && (m.method === undefined || m.method.toUpperCase() === method);
        if (!ok) continue;
        candidates.push({
          route,
          ruleIndex,
          match: m,
          exact: type === 'Exact',
          prefixLength: type === 'PathPrefix' ? value.length : -1,
          method: m.method !== undefined,
          headers: m.headers?.length ?? 0,
          queries: m.queryParams?.length ?? 0,
          created: route.metadata.creationTimestamp ?? '',
          name,
        });
      }
    });
  }
  candidates.sort((a, b) => {
    if (a.exact !== b.exact) return a.exact ? -1 : 1;
    if (a.prefixLength !== b.prefixLength) return b.prefixLength - a.prefixLength;
    if (a.method !== b.method) return a.method ? -1 : 1;
    if (a.headers !== b.headers) return b.headers - a.headers;
    if (a.queries !== b.queries) return b.queries - a.queries;
    if (a.created !== b.created) return a.created === '' ? 1 : b.created === '' ? -1 : a.created < b.created ? -1 : 1;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return a.ruleIndex - b.ruleIndex;
  });
  const winner = candidates[0];
  if (!winner) return { status: 404, backend: null, via: null, reason: eligible.length > 0 ? 'an HTTPRoute serves the host but no match applies' : 'no HTTPRoute serves this host' };
  const rule = (winner.route.spec.rules ?? [])[winner.ruleIndex];
  const ns = winner.route.metadata.namespace ?? 'default';
  const ref = (rule?.backendRefs ?? []).find((b) => (b.weight ?? 1) > 0 && (b.kind === undefined || b.kind === 'Service'));
  if (!ref) return { status: 404, backend: null, via: { kind: 'HTTPRoute', namespace: ns, name: winner.route.metadata.name }, reason: 'the matching rule has no usable backendRef' };
  const pathText = winner.match.path ? `${winner.match.path.type} ${winner.match.path.value}` : 'PathPrefix / (default)';
  return {
    status: 200,
    backend: { service: ref.name, namespace: ref.namespace ?? ns, port: ref.port ?? 80 },
    via: { kind: 'HTTPRoute', namespace: ns, name: winner.route.metadata.name },
    reason: `${pathText}${winner.headers ? `, ${winner.headers} header match(es)` : ''} (rule ${winner.ruleIndex})`,
  };
}
