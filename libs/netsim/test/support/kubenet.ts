import { podManifest, type PodSketch } from './cluster';

/** A Node manifest with an InternalIP and a podCIDR (what kube-controller-manager would have assigned). */
export function nodeManifest(name: string, ip: string, podCIDR: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { podCIDR, ...extra }, status: { addresses: [{ type: 'InternalIP', address: ip }] } });
}

/** Plain manifests, no ClusterDesign: the generic kubenet-style cluster of cli-contract.md (bridge cbr0, host-local on podCIDR). */
export function kubenetCluster(pods: readonly PodSketch[]): string[] {
  return [
    nodeManifest('node-a', '10.0.0.10', '10.244.0.0/24'),
    nodeManifest('node-b', '10.0.0.11', '10.244.1.0/24'),
    ...pods.map((p) => JSON.stringify(podManifest(p))),
  ];
}
