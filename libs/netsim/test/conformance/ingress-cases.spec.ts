import { describe, expect, it } from 'vitest';
import { routeHttpRequest } from '../../src';
import { inventoryOf, readCorpus } from '../support/services-conformance';

// Answer key: test/conformance/ingress-cases.json, copied from shared/conformance (kubernetes/website
// ingress.md examples table, networking/v1 types.go, ingress-controller-conformance features/, gateway-api
// httproute_types.go and conformance tests). Each case goes through the real manifest loader as
// networking.k8s.io/v1 Ingresses or gateway.networking.k8s.io/v1 GatewayClass/Gateway/HTTPRoute objects.

interface IngressCase {
  id: string;
  title: string;
  ingresses: Record<string, unknown>[];
  request: { host?: string; path: string };
  expected: { backend?: { service: string; port: number }; status?: number };
}
interface GatewayCase {
  id: string;
  title: string;
  gateway: { listeners: { name: string; port: number; protocol: string; hostname?: string }[] };
  httpRoutes: { namespace: string; name: string; hostnames?: string[]; creationTimestamp?: string; rules: Record<string, unknown>[] }[];
  request: { host: string; path: string; headers?: Record<string, string> };
  expected: { backend?: { service: string; port: number }; status?: number };
}

const corpus = readCorpus<{ cases: IngressCase[]; gatewayCases: GatewayCase[] }>('ingress-cases.json');

function outcome(decision: { status: number; backend: { service: string; port: number | string } | null }) {
  return decision.status === 200 && decision.backend ? { backend: { service: decision.backend.service, port: decision.backend.port } } : { status: decision.status };
}

describe('conformance: Ingress routing (test/conformance/ingress-cases.json)', () => {
  it('has 48 Ingress cases and 22 HTTPRoute cases', () => {
    expect(corpus.cases).toHaveLength(48);
    expect(corpus.gatewayCases).toHaveLength(22);
  });

  it.each(corpus.cases.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', (_t, c) => {
    const items = c.ingresses.map((ing) => {
      const { name, ...spec } = ing as { name: string };
      return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default' }, spec };
    });
    const inv = inventoryOf(items);
    expect(inv.ingresses).toHaveLength(c.ingresses.length);
    expect(outcome(routeHttpRequest(inv, { ...(c.request.host !== undefined ? { host: c.request.host } : {}), path: c.request.path }))).toEqual(c.expected);
  });
});

describe('conformance: Gateway API HTTPRoute routing (test/conformance/ingress-cases.json)', () => {
  it.each(corpus.gatewayCases.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', (_t, c) => {
    const ns = c.httpRoutes[0]?.namespace ?? 'default';
    const items: Record<string, unknown>[] = [
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'conformance' }, spec: { controllerName: 'example.net/gateway' } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'same-namespace', namespace: ns }, spec: { gatewayClassName: 'conformance', listeners: c.gateway.listeners } },
      ...c.httpRoutes.map((r) => ({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: r.name, namespace: r.namespace, ...(r.creationTimestamp ? { creationTimestamp: r.creationTimestamp } : {}) },
        spec: { parentRefs: [{ name: 'same-namespace', namespace: ns }], ...(r.hostnames ? { hostnames: r.hostnames } : {}), rules: r.rules },
      })),
    ];
    const inv = inventoryOf(items);
    expect(inv.httpRoutes).toHaveLength(c.httpRoutes.length);
    expect(outcome(routeHttpRequest(inv, { host: c.request.host, path: c.request.path, ...(c.request.headers ? { headers: c.request.headers } : {}) }))).toEqual(c.expected);
  });
});
