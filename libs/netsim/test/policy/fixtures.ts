import { loadInputs, type Inventory } from '@podnet/contracts';

/** Small manifest builders for scenario tests. */
export interface PodSpecLite {
  ns: string;
  name: string;
  labels?: Record<string, string>;
  ip?: string;
  ports?: { port: number; name?: string; protocol?: 'TCP' | 'UDP' | 'SCTP' }[];
  hostNetwork?: boolean;
  node?: string;
  hostIP?: string;
}

export const pod = (p: PodSpecLite) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: p.name, namespace: p.ns, labels: p.labels ?? {} },
  spec: {
    containers: [{ name: 'c', ports: (p.ports ?? []).map((x) => ({ containerPort: x.port, protocol: x.protocol ?? 'TCP', ...(x.name ? { name: x.name } : {}) })) }],
    ...(p.hostNetwork ? { hostNetwork: true } : {}),
    ...(p.node ? { nodeName: p.node } : {}),
  },
  status: { ...(p.ip ? { podIP: p.ip } : {}), ...(p.hostIP ? { hostIP: p.hostIP } : {}) },
});

export const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

export const netpol = (namespace: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });

export const anp = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec });

export const banp = (spec: Record<string, unknown>) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec });

/** Loads objects through the real loader (validation included). */
export function inventoryOf(items: readonly object[]): Inventory {
  return loadInputs([{ name: 'test.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]);
}
