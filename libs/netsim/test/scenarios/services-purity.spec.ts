import { describe, expect, it } from 'vitest';
import { buildClusterModel, buildProxyState, buildServiceCatalog, clusterDns, DEFAULT_KUBE_PROXY_CONFIG, iptablesSaveText, kubeProxyRuleset, modelServiceCatalog, planNode, routeHttpRequest } from '../../src';
import { inventoryOf } from '../support/services-conformance';
import { svc1Manifests } from '../golden/kube-proxy-fixtures';

// The pure libraries never mutate their inputs (docs/HELPERS.md): every input is deep-frozen, so a write throws.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

describe('Services, kube-proxy, DNS and routing never mutate their inputs and are deterministic', () => {
  const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'ns1' }, spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc1', port: { number: 80 } } } }] } }] } };

  it('works on a deep-frozen inventory and gives the same bytes twice', () => {
    const inventory = deepFreeze(inventoryOf([...svc1Manifests({ nodeName: 'node1' }), ingress]));
    const run = () => {
      const catalog = deepFreeze(buildServiceCatalog(inventory));
      const node = catalog.nodes[0]!;
      const state = buildProxyState(catalog, 4);
      const text = [...iptablesSaveText(planNode(state, node, DEFAULT_KUBE_PROXY_CONFIG))].join('');
      const nft = [...kubeProxyRuleset('nftables', state, node, DEFAULT_KUBE_PROXY_CONFIG, catalog.serviceCIDRs)].join('');
      const dns = clusterDns(catalog).query('svc1.ns1.svc.cluster.local', 'A');
      const route = routeHttpRequest(inventory, { host: 'a.example.com', path: '/x' });
      const model = buildClusterModel(inventory);
      const fromModel = modelServiceCatalog(model, inventory).services.length;
      return JSON.stringify({ text, nft, dns, route, fromModel });
    };
    expect(run()).toBe(run());
  });
});
