import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { dockerDesign } from '../support/docker';

// Docker docs, "Bridge network driver": containers on the default bridge get addresses from 172.17.0.0/16
// (gateway 172.17.0.1 on docker0, containers from 172.17.0.2) and reach each other on the bridge after ARP.
describe('docker-bridge: container to container on one host', () => {
  const model = modelOf(dockerDesign([
    { name: 'a', node: 'host-a' },
    { name: 'b', node: 'host-a', ports: [{ containerPort: 5432 }] },
  ]));

  it('is switched on docker0', () => {
    expect([model.podByKey.get('default/a')!.ip, model.podByKey.get('default/b')!.ip]).toEqual(['172.17.0.2', '172.17.0.3']);
    const r = traceIn(model, 'default/a', 'default/b:5432');
    expect(path(r)).toEqual(['pod/default/a eth0 route', 'pod/default/a eth0 arp', `node/host-a ${r.hops[2]!.device} forward`, 'node/host-a docker0 switch', 'pod/default/b eth0 deliver']);
    expect(r.hops[2]!.device).toMatch(/^veth[0-9a-f]{7}$/);
    expect(r.verdict).toBe('delivered');
  });
});
