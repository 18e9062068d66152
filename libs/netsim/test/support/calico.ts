import { designDoc, TWO_NODES, type PodSketch } from './cluster';

/** A Calico design on two generic nodes (10.0.0.10, 10.0.0.11); `pool` overrides the default pool's fields. */
export function calicoDesign(pods: readonly PodSketch[], pool?: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const calico = pool ? { ipPools: [{ name: 'pool-1', cidr: '192.168.0.0/16', ...pool }] } : undefined;
  return designDoc({ cni: { plugin: 'calico', ...(calico ? { calico: { ...calico, ...extra } } : Object.keys(extra).length ? { calico: extra } : {}) }, nodes: TWO_NODES }, pods);
}

/** Two nodes in two subnets (racks) of a routed generic network, for CrossSubnet and native-routing scenarios. */
export function calicoTwoSubnets(pods: readonly PodSketch[], pool: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return designDoc(
    {
      network: { subnets: [{ name: 'rack-a', cidr: '10.1.0.0/24', role: 'nodes' }, { name: 'rack-b', cidr: '10.2.0.0/24', role: 'nodes' }] },
      cni: { plugin: 'calico', calico: { ipPools: [{ name: 'pool-1', cidr: '192.168.0.0/16', ...pool }], ...extra } },
      nodes: [{ name: 'node-a', subnet: 'rack-a' }, { name: 'node-a2', subnet: 'rack-a' }, { name: 'node-b', subnet: 'rack-b' }],
    },
    pods,
  );
}
