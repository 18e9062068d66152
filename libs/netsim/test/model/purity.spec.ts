import { describe, expect, it } from 'vitest';
import { buildClusterModel } from '../../src/model/build-model';
import { createTracer } from '../../src/analysis/trace/engine';
import { AWS_NETWORK, designDoc, inventoryOf } from '../support/cluster';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

// HELPERS.md / STYLE.md: pure libraries never mutate their input and are deterministic.
describe('model and trace: purity and determinism', () => {
  const docs = [
    designDoc({ network: AWS_NETWORK, cni: { plugin: 'aws-vpc-cni' }, nodeGroups: [{ name: 'ng', instanceType: 'm5.large', desiredSize: 3 }] }, [
      { name: 'a' },
      { name: 'b', ports: [{ containerPort: 80 }] },
      { name: 'c', hostNetwork: true },
    ]),
    JSON.stringify({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'kube-system' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'x', image: 'y' }] } } } }),
  ];

  it('does not modify the inventory (frozen input builds, and is unchanged)', () => {
    const inventory = inventoryOf(...docs);
    const before = JSON.stringify({ ...inventory, sources: [...inventory.sources] });
    deepFreeze(inventory);
    const model = buildClusterModel(inventory);
    createTracer(model).trace({ from: 'default/a', to: 'default/b:80' });
    expect(JSON.stringify({ ...inventory, sources: [...inventory.sources] })).toBe(before);
  });

  it('builds the same model and the same traces every time', () => {
    const a = buildClusterModel(inventoryOf(...docs));
    const b = buildClusterModel(inventoryOf(...docs));
    expect(a.pods.map((p) => [p.key, p.node?.name, p.ip])).toEqual(b.pods.map((p) => [p.key, p.node?.name, p.ip]));
    const ta = createTracer(a).trace({ from: 'default/a', to: 'default/b:80' });
    const tb = createTracer(b).trace({ from: 'default/a', to: 'default/b:80' });
    expect(ta).toEqual(tb);
  });
});
