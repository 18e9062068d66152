import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { NODE_A, vpcDesign } from '../support/vpc';

// Kubernetes network model: one network namespace per pod; localhost between its containers (the VPC CNI is not involved).
describe('vpc-cni: container to container in one pod', () => {
  const model = modelOf(vpcDesign([{ name: 'web', node: NODE_A, containers: ['app', 'envoy'], ports: [{ containerPort: 8080 }] }]));

  it('goes over lo', () => {
    const r = traceIn(model, 'default/web/envoy', '127.0.0.1:8080');
    expect(path(r)).toEqual(['pod/default/web lo route', 'pod/default/web lo deliver']);
    expect(r.verdict).toBe('delivered');
  });
});
