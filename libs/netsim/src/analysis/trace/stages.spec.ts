import { describe, expect, it } from 'vitest';
import { ip4 } from '../../net/ipv4';
import { modelOf, path, traceIn } from '../../../test/support/cluster';
import { calicoDesign } from '../../../test/support/calico';
import type { PolicyQuery, ServiceStage } from './types';

// The engine's extension points (README): a policy evaluator asked for egress at the source and ingress at the
// destination with addresses after Service DNAT; a service stage that resolves names and DNATs once in the
// first node's netfilter (kube-proxy's PREROUTING/OUTPUT).
describe('trace stages', () => {
  const model = modelOf(calicoDesign([
    { name: 'a', node: 'node-a' },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 8080 }] },
  ]));
  const vip = ip4('10.96.0.50');
  const b = model.podByKey.get('default/b')!;
  const service: ServiceStage = {
    resolve: (target) => (target === 'default/web' ? { ip: '10.96.0.50', label: 'default/web' } : target.endsWith('.example') ? { unresolved: `NXDOMAIN ${target}` } : null),
    translate: (ctx) => (ctx.packet.dst === vip ? { hops: [{ device: 'KUBE-SERVICES', action: 'dnat', detail: `DNAT to ${b.ip}:8080` }], dst: b.ipNum, dport: 8080 } : null),
  };

  it('asks the policy evaluator for egress then ingress, after DNAT', () => {
    const seen: PolicyQuery[] = [];
    const r = traceIn(model, 'default/a', 'default/web:80', { service, policy: { evaluate: (q) => (seen.push(q), { allowed: true, reason: 'no policy' }) } });
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/b');
    expect(seen.map((q) => [q.direction, q.pod.key, q.peer.ip, q.port])).toEqual([
      ['egress', 'default/a', b.ip, 8080],
      ['ingress', 'default/b', model.podByKey.get('default/a')!.ip, 8080],
    ]);
    expect(path(r)).toContain('node/node-a KUBE-SERVICES dnat');
    expect(r.hops.filter((h) => h.action === 'policy')).toHaveLength(2);
  });

  it('ends the trace where a policy denies', () => {
    const r = traceIn(model, 'default/a', 'default/b:8080', { policy: { evaluate: (q) => ({ allowed: q.direction === 'egress', reason: 'default-deny ingress' }) } });
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toContain('ingress of default/b denies it');
    expect(r.hops.at(-1)!.action).toBe('policy');
  });

  it('reports a name the stage cannot resolve as unresolved', () => {
    const r = traceIn(model, 'default/a', 'nope.example:80', { service });
    expect(r.verdict).toBe('unresolved');
    expect(r.reason).toBe('NXDOMAIN nope.example');
  });
});
