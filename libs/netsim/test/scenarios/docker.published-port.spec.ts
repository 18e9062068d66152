import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { dockerDesign } from '../support/docker';

// Docker docs, "Packet filtering and firewalls" (cni.md §1): a published port adds
// `-A DOCKER ! -i docker0 -p tcp --dport <hostPort> -j DNAT --to-destination <ctrIP>:<ctrPort>` reached from
// `PREROUTING -m addrtype --dst-type LOCAL -j DOCKER`; the sender's host masquerades its container
// (`-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`). Here `-p 8080:80` is the Pod's hostPort 8080 -> containerPort 80.
describe('docker-bridge: through a published port (hostIP:hostPort)', () => {
  const model = modelOf(dockerDesign([
    { name: 'a1', node: 'host-a' },
    { name: 'web', node: 'host-b', ports: [{ containerPort: 80, hostPort: 8080 }] },
  ]));

  it('is masqueraded, crosses the network, and DNATed to the container', () => {
    const r = traceIn(model, 'default/a1', '10.0.0.11:8080');
    expect(path(r)).toEqual([
      'pod/default/a1 eth0 route',
      `node/host-a ${r.hops[1]!.device} forward`,
      'node/host-a eth0 snat',
      'node/host-a eth0 route',
      'underlay eth0 forward',
      'node/host-b eth0 dnat',
      'node/host-b docker0 route',
      'node/host-b docker0 arp',
      'pod/default/web eth0 deliver',
    ]);
    expect(r.hops[2]!.packet).toEqual({ src: '10.0.0.10', dst: '10.0.0.11:8080', protocol: 'TCP' });
    expect(r.hops[5]!.packet).toEqual({ src: '10.0.0.10', dst: '172.17.0.2:80', protocol: 'TCP' });
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/web');
  });

  it('works from an outside host too', () => {
    expect(traceIn(model, 'external', '10.0.0.11:8080').endpoint).toBe('default/web');
  });

  it('is rejected on a host port nothing publishes', () => {
    expect(traceIn(model, 'default/a1', '10.0.0.11:9090').verdict).toBe('rejected');
  });
});
