import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { dockerDesign } from '../support/docker';

// A pod's containers share one network namespace (as with `docker run --network container:<id>`): localhost.
describe('docker-bridge: container to container in one pod', () => {
  const model = modelOf(dockerDesign([{ name: 'app', node: 'host-a', containers: ['web', 'cache'], ports: [{ containerPort: 80 }] }]));

  it('goes over lo', () => {
    const r = traceIn(model, 'default/app/cache', '127.0.0.1:80');
    expect(path(r)).toEqual(['pod/default/app lo route', 'pod/default/app lo deliver']);
    expect(r.verdict).toBe('delivered');
  });
});
