import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { dockerDesign } from '../support/docker';

// Docker's default bridge is per host: every host uses 172.17.0.0/16 (cni.md §1, "Ten things" #1), so a
// container address is on-link on the sender's own docker0 and nobody there answers ARP for a container on
// another host; and no host routes another host's bridge subnet. The Kubernetes model removed exactly this.
describe('docker-bridge: container to a container on another host, without a published port', () => {
  const model = modelOf(dockerDesign([
    { name: 'a1', node: 'host-a' },
    { name: 'b1', node: 'host-b' },
    { name: 'b2', node: 'host-b', ports: [{ containerPort: 5432 }] },
  ]));

  it('fails: no ARP answer on the local docker0', () => {
    const r = traceIn(model, 'default/a1', 'default/b2:5432');
    expect(model.podByKey.get('default/b2')!.ip).toBe('172.17.0.3');
    expect(path(r)).toEqual(['pod/default/a1 eth0 route', 'pod/default/a1 eth0 arp']);
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toContain('no ARP answer for 172.17.0.3 on docker0 of host-a');
    expect(r.reason).toContain('publish a port');
  });

  it('shows that the same address means another container on the sender\'s host', () => {
    // a1 and b1 both hold 172.17.0.2: "reaching b1" lands in a1 itself.
    const r = traceIn(model, 'default/a1', 'default/b1');
    expect(r.endpoint).toBe('default/a1');
    expect(r.reason).toContain('not default/b1');
  });

  it('an outside host has no route to container addresses', () => {
    const r = traceIn(model, 'external', 'default/b2:5432');
    expect(r.verdict).toBe('no-route');
    expect(r.reason).toContain('published hostIP:hostPort');
  });
});
