import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { dockerDesign } from '../support/docker';

// Docker: `-t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`: the outside world sees the host IP.
describe('docker-bridge: container to outside', () => {
  it('is masqueraded to the host address', () => {
    const model = modelOf(dockerDesign([{ name: 'a1', node: 'host-a' }]));
    const r = traceIn(model, 'default/a1', '93.184.216.34:443');
    expect(r.hops.find((h) => h.action === 'snat')!.detail).toContain('-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    expect(r.hops.at(-1)).toMatchObject({ at: 'internet', packet: { src: '10.0.0.10' } });
    expect(r.verdict).toBe('delivered');
  });
});
