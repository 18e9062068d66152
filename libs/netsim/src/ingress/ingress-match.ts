import type { Ingress, IngressBackend, IngressClass } from '@podnet/contracts';
import { exactPathMatches, hostWithoutPort, prefixPathMatches, splitTarget } from './paths';

/** Where a routed request goes: a Service and port (number, or port name when the Ingress names it). */
export interface RouteBackend {
  readonly service: string;
  readonly namespace: string;
  readonly port: number | string;
}

/** The object that decided. */
export interface RouteVia {
  readonly kind: 'Ingress' | 'HTTPRoute';
  readonly namespace: string;
  readonly name: string;
}

/** An HTTP request to route. */
export interface HttpRequest {
  /** The Host header (may carry a port); undefined for a request without one. */
  readonly host?: string;
  /** The request target: path, optionally with `?query`. */
  readonly path: string;
  /** Header names compare case-insensitively. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly method?: string;
}

/** The outcome: a backend and the object that chose it, or a 404. */
export interface RouteDecision {
  readonly status: 200 | 404;
  readonly backend: RouteBackend | null;
  readonly via: RouteVia | null;
  /** How it was decided, for traces and `-o table`. */
  readonly reason: string;
}

const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * Ingress host match (networking/v1 `IngressRule.Host`): precise hosts must equal the Host header; a wildcard
 * `*.foo.com` matches exactly one extra label (`bar.foo.com`, not `baz.bar.foo.com` nor `foo.com`).
 *
 * @example
 * ingressHostMatches('*.foo.com', 'bar.foo.com') // => true
 */
export function ingressHostMatches(ruleHost: string, requestHost: string | undefined): boolean {
  if (requestHost === undefined) return false;
  const rule = ruleHost.toLowerCase();
  if (!rule.startsWith('*.')) return rule === requestHost;
  const suffix = rule.slice(1);
  if (!requestHost.endsWith(suffix)) return false;
  const first = requestHost.slice(0, requestHost.length - suffix.length);
  return first.length > 0 && !first.includes('.');
}

/** The class an Ingress asks for: `spec.ingressClassName`, else the legacy annotation. */
export function ingressClassOf(ing: Ingress): string | undefined {
  return ing.spec.ingressClassName ?? ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
}

/**
 * The Ingresses a controller serves. Without IngressClass objects in the input every Ingress counts (the class
 * cannot be checked). With them: an Ingress naming a class that does not exist is served by no one; one without a
 * class gets the default class (annotation `ingressclass.kubernetes.io/is-default-class: "true"`) when exactly one
 * is marked default, and is otherwise unserved.
 *
 * @example
 * servedIngresses(ingresses, []).length === ingresses.length // => true
 */
export function servedIngresses(ingresses: readonly Ingress[], classes: readonly IngressClass[]): Ingress[] {
  if (classes.length === 0) return [...ingresses];
  const names = new Set(classes.map((c) => c.metadata.name));
  const defaults = classes.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  return ingresses.filter((ing) => {
    const cls = ingressClassOf(ing);
    if (cls === undefined) return defaults.length === 1;
    return names.has(cls);
  });
}

function backendOf(b: IngressBackend, namespace: string): RouteBackend | null {
  if (!b.service) return null;
  const port = b.service.port?.number ?? b.service.port?.name;
  return { service: b.service.name, namespace, port: port ?? 80 };
}

function sortKey(ing: Ingress): string {
  return `${ing.metadata.namespace ?? 'default'}/${ing.metadata.name}`;
}

/**
 * Routes a request through Ingress objects (kubernetes/website ingress.md; networking/v1 types.go):
 * rules whose host matches (precise before wildcard) are used, else the rules without a host; among their paths
 * the longest match wins and Exact beats Prefix on equal length; nothing matching -> the `defaultBackend` of the
 * Ingress whose rule matched (or of any Ingress when no host rule matched), else 404 as the conformance suite
 * expects.
 *
 * @example
 * routeIngress(ingresses, { host: 'foo.bar.com', path: '/foo' }).backend // => { service: 'service1', port: 4200, ... }
 */
export function routeIngress(ingresses: readonly Ingress[], request: HttpRequest): RouteDecision {
  const host = hostWithoutPort(request.host);
  const { path } = splitTarget(request.path);
  const sorted = [...ingresses].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  type Rule = { ing: Ingress; rule: NonNullable<Ingress['spec']['rules']>[number] };
  const rules: Rule[] = sorted.flatMap((ing) => (ing.spec.rules ?? []).map((rule) => ({ ing, rule })));
  const precise = rules.filter((r) => r.rule.host !== undefined && !r.rule.host.startsWith('*.') && ingressHostMatches(r.rule.host, host));
  const wildcard = rules.filter((r) => r.rule.host !== undefined && r.rule.host.startsWith('*.') && ingressHostMatches(r.rule.host, host));
  const hostless = rules.filter((r) => r.rule.host === undefined || r.rule.host === '');
  const chosen = precise.length > 0 ? precise : wildcard.length > 0 ? wildcard : hostless;
  const hostLabel = precise.length > 0 ? `host ${host}` : wildcard.length > 0 ? `wildcard host ${wildcard[0]?.rule.host}` : 'rules without host';

  let best: { r: Rule; length: number; exact: boolean; path: NonNullable<Rule['rule']['http']>['paths'][number] } | undefined;
  for (const r of chosen) {
    for (const p of r.rule.http?.paths ?? []) {
      const rulePath = p.path ?? '/';
      let matched = false;
      if (p.pathType === 'Exact') matched = exactPathMatches(rulePath, path);
      else matched = prefixPathMatches(rulePath, path); // Prefix; ImplementationSpecific treated as Prefix (ingress-nginx)
      if (!matched) continue;
      const length = p.pathType === 'Exact' ? rulePath.length : rulePath.replace(/\/+$/, '').length;
      const exact = p.pathType === 'Exact';
      if (!best || length > best.length || (length === best.length && exact && !best.exact)) best = { r, length, exact, path: p };
    }
  }
  if (best) {
    const ns = best.r.ing.metadata.namespace ?? 'default';
    const backend = backendOf(best.path.backend, ns);
    if (backend) {
      return {
        status: 200,
        backend,
        via: { kind: 'Ingress', namespace: ns, name: best.r.ing.metadata.name },
        reason: `${hostLabel}, ${best.path.pathType} path ${best.path.path ?? '/'} (longest match${best.exact ? ', Exact' : ''})`,
      };
    }
  }
  // The defaultBackend of the Ingress whose rule matched the host; with no matching rule, of any Ingress.
  const owners = chosen.length > 0 ? [...new Set(chosen.map((r) => r.ing))] : sorted;
  const fallback = owners.find((i) => i.spec.defaultBackend);
  if (fallback?.spec.defaultBackend) {
    const ns = fallback.metadata.namespace ?? 'default';
    const backend = backendOf(fallback.spec.defaultBackend, ns);
    if (backend) return { status: 200, backend, via: { kind: 'Ingress', namespace: ns, name: fallback.metadata.name }, reason: 'no rule matched: the Ingress defaultBackend' };
  }
  return { status: 404, backend: null, via: null, reason: chosen.length > 0 ? `${hostLabel} matched but no path did, and there is no defaultBackend` : 'no Ingress rule matches and no defaultBackend' };
}
