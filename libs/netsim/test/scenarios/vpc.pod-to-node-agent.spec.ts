import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { NODE_A, vpcDesign } from '../support/vpc';

// kubelet 10250/TCP (Kubernetes "Ports and Protocols"); aws-node serves Prometheus metrics on 61678/TCP
// (amazon-vpc-cni-k8s README, "Metrics").
describe('vpc-cni: pod to node agents', () => {
  const model = modelOf(vpcDesign([{ name: 'a', node: NODE_A }]));

  it('reaches kubelet and aws-node on its own node', () => {
    expect(traceIn(model, 'default/a', '10.0.1.4:10250').verdict).toBe('delivered');
    const r = traceIn(model, 'default/a', '10.0.1.4:61678');
    expect(r.verdict).toBe('delivered');
    expect(r.reason).toContain('aws-node');
  });

  it('is rejected on a closed port', () => {
    expect(traceIn(model, 'default/a', '10.0.1.4:8080').verdict).toBe('rejected');
  });
});
