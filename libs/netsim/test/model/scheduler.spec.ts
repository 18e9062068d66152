import { describe, expect, it } from 'vitest';
import { designDoc, modelOf, traceIn } from '../support/cluster';

// kube-scheduler: spec.nodeName bypasses scheduling; nodeSelector must match the node's labels; NoSchedule /
// NoExecute taints need a toleration; the NodeResourcesFit filter refuses a node at its pod capacity
// ("Too many pods"); the unschedulable message is "0/N nodes are available: ..." with one count per reason.
describe('model: scheduling', () => {
  const nodes = [
    { name: 'gpu-1', labels: { accelerator: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], maxPods: 2 },
    { name: 'cpu-1', labels: { accelerator: 'none' }, maxPods: 2 },
  ];
  const pod = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } });
  const build = (pods: Record<string, unknown>[]) => modelOf(JSON.stringify({ apiVersion: 'podnet.dev/v1alpha1', kind: 'ClusterDesign', metadata: { name: 's' }, nodes, workloads: pods }));

  it('honours spec.nodeName', () => {
    const model = build([pod('p', { nodeName: 'gpu-1' })]);
    expect(model.podByKey.get('default/p')!.node!.name).toBe('gpu-1');
  });

  it('keeps pods off tainted nodes unless they tolerate the taint', () => {
    const model = build([pod('a'), pod('b'), pod('tolerant', { nodeSelector: { accelerator: 'gpu' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] })]);
    expect(model.podByKey.get('default/a')!.node!.name).toBe('cpu-1');
    expect(model.podByKey.get('default/b')!.node!.name).toBe('cpu-1');
    expect(model.podByKey.get('default/tolerant')!.node!.name).toBe('gpu-1');
  });

  it('says why a pod stays Pending', () => {
    const model = build([pod('a'), pod('b'), pod('c'), pod('d', { nodeSelector: { accelerator: 'tpu' } })]);
    expect(model.podByKey.get('default/c')!.phase).toBe('Pending');
    expect(model.podByKey.get('default/c')!.pendingReason).toBe("Too many pods: node cpu-1 (maxPods) allows 2 (0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 Too many pods)");
    expect(model.podByKey.get('default/d')!.pendingReason).toBe("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector");
  });

  it('reports an unknown spec.nodeName', () => {
    const model = build([pod('p', { nodeName: 'nope' })]);
    expect(model.podByKey.get('default/p')!.pendingReason).toContain('nope is not a node');
  });

  it('expands DaemonSets onto every node they tolerate', () => {
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { hostNetwork: true, containers: [{ name: 'agent', image: 'i' }] } } } };
    const model = modelOf(designDoc({ nodes }), JSON.stringify(ds));
    expect(model.pods.map((p) => p.node!.name)).toEqual(['cpu-1']);
    expect(model.pods[0]!.ip).toBe(model.nodes[1]!.ip);
  });
});

// Pod lifecycle (Kubernetes docs "Pod Lifecycle"): Succeeded/Failed pods have terminated; the kubelet tears the
// sandbox down and the CNI releases the address, so they take no pod slot and no IP.
describe('model: terminated pods', () => {
  it('neither places nor addresses a Succeeded pod, and traces to it say so', () => {
    const done = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'job-x', namespace: 'default' }, spec: { nodeName: 'n', containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Succeeded', podIP: '10.244.0.9' } };
    const model = modelOf(designDoc({ nodes: [{ name: 'n', maxPods: 1 }] }, [{ name: 'web', node: 'n' }]), JSON.stringify(done));
    expect(model.podByKey.get('default/job-x')).toMatchObject({ phase: 'Succeeded', ip: null, node: null });
    expect(model.podByKey.get('default/web')!.phase).toBe('Running');
    const r = traceIn(model, 'default/web', 'default/job-x:80');
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toContain('default/job-x is Succeeded');
  });
});
