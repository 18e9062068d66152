import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';
import { SERVICES_FIXTURE } from './services-fixture.testing';

// Expected routing: Ingress Prefix matching by path element (kubernetes/website ingress.md examples table) and
// 404 when nothing matches without a defaultBackend (ingress-controller-conformance).
describe('podnet route', () => {
  it('prints exactly status, backend and via', async () => {
    const { code, stdout } = await runCli(['route', '-f', '-', '--host', 'web.example.com', '--path', '/api/v1', '-o', 'json'], SERVICES_FIXTURE);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ status: 200, backend: { service: 'web', port: 80 }, via: { kind: 'Ingress', namespace: 'default', name: 'web' } });
  });

  it('answers 404 with null backend and via', async () => {
    const { stdout } = await runCli(['route', '-f', '-', '--host', 'web.example.com', '--path', '/apix', '-o', 'json'], SERVICES_FIXTURE);
    expect(JSON.parse(stdout)).toEqual({ status: 404, backend: null, via: null });
  });

  it('routes HTTPRoutes by header, and prefers the Ingress when both match', async () => {
    const withRoute = `${SERVICES_FIXTURE}- apiVersion: gateway.networking.k8s.io/v1
  kind: HTTPRoute
  metadata: {name: canary, namespace: default}
  spec:
    hostnames: [web.example.com]
    rules:
    - matches: [{path: {type: PathPrefix, value: /}, headers: [{name: x-canary, value: "1"}]}]
      backendRefs: [{name: web-canary, port: 8080}]
`;
    const hr = await runCli(['route', '-f', '-', '--host', 'web.example.com', '--path', '/other', '--header', 'X-Canary:1', '-o', 'json'], withRoute);
    expect(JSON.parse(hr.stdout)).toEqual({ status: 200, backend: { service: 'web-canary', port: 8080 }, via: { kind: 'HTTPRoute', namespace: 'default', name: 'canary' } });
    const both = await runCli(['route', '-f', '-', '--host', 'web.example.com', '--path', '/api', '--header', 'X-Canary:1', '-o', 'json'], withRoute);
    expect(JSON.parse(both.stdout).via.kind).toBe('Ingress');
    expect(both.stderr).toContain('HTTPRoute default/canary also matches');
  });

  it('refuses a malformed header (exit 2)', async () => {
    expect((await runCli(['route', '-f', '-', '--header', 'nocolon'], SERVICES_FIXTURE)).code).toBe(2);
  });
});
