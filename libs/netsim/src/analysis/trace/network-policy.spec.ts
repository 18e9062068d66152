import { describe, expect, it } from 'vitest';
import { buildClusterModel } from '../../model/build-model';
import { designDoc, inventoryOf } from '../../../test/support/cluster';
import { createTracer } from './engine';
import { networkPolicyEvaluator } from './network-policy';

// Kubernetes NetworkPolicy: a pod selected by a policy with policyTypes Ingress is isolated for ingress and
// accepts only what a rule allows; unselected pods accept everything. Denied packets are dropped.
describe('trace with the NetworkPolicy evaluator', () => {
  const docs = [
    designDoc({ cni: { plugin: 'calico' }, nodes: [{ name: 'node-a' }, { name: 'node-b' }] }, [
      { name: 'web', node: 'node-a', ports: [{ containerPort: 80 }] },
      { name: 'db', node: 'node-b', ports: [{ containerPort: 5432 }] },
      { name: 'other', node: 'node-a' },
    ]),
    JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db-from-web', namespace: 'default' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] },
    }),
  ];
  const inventory = inventoryOf(...docs);
  const model = buildClusterModel(inventory);
  const tracer = createTracer(model, { policy: networkPolicyEvaluator(inventory, model)! });

  it('delivers what a rule allows, with policy hops at both ends', () => {
    const r = tracer.trace({ from: 'default/web', to: 'default/db:5432' });
    expect(r.verdict).toBe('delivered');
    expect(r.hops.filter((h) => h.action === 'policy').map((h) => h.at)).toEqual(['node/node-a', 'node/node-b']);
  });

  it('drops at the destination what no rule allows', () => {
    const r = tracer.trace({ from: 'default/other', to: 'default/db:5432' });
    expect(r.verdict).toBe('dropped');
    expect(r.hops.at(-1)).toMatchObject({ at: 'node/node-b', action: 'policy' });
    expect(r.reason).toContain('default/db-from-web');
  });

  it("applies the model's own policies by default, and none with policy: null", () => {
    expect(createTracer(model).trace({ from: 'default/other', to: 'default/db:5432' }).verdict).toBe('dropped');
    expect(createTracer(model, { policy: null }).trace({ from: 'default/other', to: 'default/db:5432' }).verdict).toBe('delivered');
  });

  it('is absent when the inputs hold no policy', () => {
    expect(networkPolicyEvaluator(inventoryOf(docs[0]!), model)).toBeUndefined();
  });
});
