import { DesignError } from '@podnet/contracts';
import { describe, expect, it } from 'vitest';
import { designDoc, inventoryOf } from '../support/cluster';
import { buildClusterModel } from '../../src/model/build-model';

// Kubernetes: containers of a pod share the network namespace, so two of them binding the same port and
// protocol collide (the second bind fails); the issue calls it a design error.
describe('model: two containers of one pod on the same port', () => {
  it('is a DesignError naming the pod and the path of the second declaration', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ name: 'a', image: 'i', ports: [{ containerPort: 8080, protocol: 'TCP' as const }] }, { name: 'b', image: 'i', ports: [{ containerPort: 8080, protocol: 'TCP' as const }] }] },
    };
    // The loader already refuses it; an inventory built in code (API, tests) reaches the model as is.
    expect(() => inventoryOf(designDoc({ nodes: [{ name: 'n' }] }), JSON.stringify(pod))).toThrow(DesignError);
    const loaded = inventoryOf(designDoc({ nodes: [{ name: 'n' }] }), JSON.stringify({ ...pod, spec: { containers: [pod.spec.containers[0]] } }));
    const record = loaded.pods[0]!;
    const inventory = { ...loaded, pods: [{ ...record, pod: { ...record.pod, spec: { ...record.pod.spec, containers: pod.spec.containers } } }] };
    let error: unknown;
    try {
      buildClusterModel(inventory);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DesignError);
    const issue = (error as DesignError).issues[0]!;
    expect(issue.message).toBe('pod default/web: containers a and b both bind 8080/TCP in the pod\'s one network namespace');
    expect(issue.path.slice(-5)).toEqual(['containers', 1, 'ports', 0, 'containerPort']);
  });

  it('allows the same port number on different protocols', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dns', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'i', ports: [{ containerPort: 53 }] }, { name: 'b', image: 'i', ports: [{ containerPort: 53, protocol: 'UDP' }] }] } };
    expect(() => buildClusterModel(inventoryOf(designDoc({ nodes: [{ name: 'n' }] }), JSON.stringify(pod)))).not.toThrow();
  });
});
