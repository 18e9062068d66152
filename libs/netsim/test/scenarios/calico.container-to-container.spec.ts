import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Kubernetes network model: containers of a pod share the network namespace and talk over localhost,
// whatever the CNI; Calico never sees this traffic.
describe('calico: container to container in one pod', () => {
  const model = modelOf(calicoDesign([{ name: 'web', node: 'node-a', containers: ['app', 'proxy'], ports: [{ containerPort: 8080 }] }]));

  it('goes over lo', () => {
    const r = traceIn(model, 'default/web/proxy', 'default/web:8080');
    expect(path(r)).toEqual(['pod/default/web lo route', 'pod/default/web lo deliver']);
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/web');
  });
});
