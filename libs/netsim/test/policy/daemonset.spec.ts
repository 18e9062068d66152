import { describe, expect, it } from 'vitest';
import { expandDaemonSet } from '@podnet/contracts';
import { compilePolicyIndex, computeReach } from '../../src/index';
import { inventoryOf, netpol, ns, pod } from './fixtures';

// DaemonSets are not expanded by the loader; policy analysis expands them over the Node manifests
// (one pod per node whose taints it tolerates), as the DaemonSet controller does.
describe('DaemonSet expansion', () => {
  it('gives a DaemonSet one pod per eligible node, and policies see them', () => {
    const node = (name: string, ip: string, taints: object[] = []) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { taints }, status: { addresses: [{ type: 'InternalIP', address: ip }] } });
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ops' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', ports: [{ containerPort: 9100, name: 'metrics' }] }] } } } };
    const items = [ns('ops'), ns('shop'), node('n1', '192.168.0.1'), node('n2', '192.168.0.2'), node('n3', '192.168.0.3', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]), ds, pod({ ns: 'shop', name: 'web', labels: { app: 'web' } }), netpol('ops', 'metrics-only', { podSelector: { matchLabels: { app: 'agent' } }, ingress: [{ ports: [{ port: 'metrics' }] }] })];
    const pods = computeReach(inventoryOf(items), { by: 'pod' }).connections.filter((c) => c.src === 'shop/web' && typeof c.dst === 'string');
    expect(pods).toHaveLength(2);
    expect(pods.every((c) => JSON.stringify(c.allowed) === JSON.stringify([{ protocol: 'TCP', ports: [[9100, 9100]] }]))).toBe(true);
    const byWorkload = computeReach(inventoryOf(items), { by: 'workload' }).connections.filter((c) => c.src === 'shop/web' && c.dst === 'ops/agent');
    expect(byWorkload).toHaveLength(1);
  });

  it('does not expand a DaemonSet twice when its pods are already placed (as the simulation model passes them)', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.1' }] } };
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ops' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a' }] } } } };
    const inv = inventoryOf([ns('ops'), node, ds]);
    const placed = expandDaemonSet(inv.daemonSets[0]!, [{ name: 'n1', labels: {}, taints: [] }]);
    const withPlaced = { ...inv, pods: [...inv.pods, ...placed] };
    expect(compilePolicyIndex(withPlaced).pods.map((p) => p.key)).toEqual(placed.map((p) => `${p.namespace}/${p.name}`));
  });
});
