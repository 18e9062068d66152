import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { dockerDesign } from '../support/docker';

// Docker: the host reaches its own containers on docker0 (connected route 172.17.0.0/16 dev docker0 src
// 172.17.0.1); `--network host` containers (hostNetwork) share the host's stack and address; a Docker host runs
// no kubelet or kube-proxy, so nothing listens on their ports.
describe('docker-bridge: host to container, host-network containers, host ports', () => {
  const model = modelOf(dockerDesign([
    { name: 'db', node: 'host-a', ports: [{ containerPort: 5432 }] },
    { name: 'metrics', node: 'host-b', hostNetwork: true, ports: [{ containerPort: 9100 }] },
  ]));

  it('reaches a local container from the host over docker0', () => {
    const r = traceIn(model, 'node/host-a', 'default/db:5432');
    expect(path(r)).toEqual(['node/host-a lo send', 'node/host-a docker0 route', 'node/host-a docker0 arp', 'pod/default/db eth0 deliver']);
    expect(r.hops.at(-1)!.packet.src).toBe('172.17.0.1');
  });

  it('reaches a host-network container at the host address, masqueraded from a bridge container', () => {
    const r = traceIn(model, 'default/db', '10.0.0.11:9100');
    expect(r.endpoint).toBe('default/metrics');
    expect(r.hops.find((h) => h.action === 'snat')!.packet.src).toBe('10.0.0.10');
  });

  it('finds no kubelet on a Docker host', () => {
    expect(traceIn(model, 'default/db', '10.0.0.11:10250').verdict).toBe('rejected');
  });
});
