import { describe, expect, it } from 'vitest';
import { diffReach } from '../../src/index';
import { anp, inventoryOf, netpol, ns, pod } from './fixtures';

// Expected changes follow from the NetworkPolicy semantics in the Kubernetes docs ("Network Policies": isolation
// and additive rules; ipBlock/except) and the ANP tier order (network-policy-api.sigs.k8s.io).
const base = [
  ns('shop', { tier: 'app' }),
  ns('ops', { tier: 'ops' }),
  pod({ ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.0.0.1', ports: [{ port: 8080, name: 'http' }] }),
  pod({ ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '10.0.0.2', ports: [{ port: 5432, name: 'pg' }] }),
  pod({ ns: 'ops', name: 'prom', labels: { app: 'prom' }, ip: '10.0.1.1' }),
];
const dbFromWeb = (port: number) => netpol('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port }] }] });

describe('diffReach', () => {
  it('reports a changed port set with the modified policy as its cause', () => {
    const d = diffReach(inventoryOf([...base, dbFromWeb(5432)]), inventoryOf([...base, dbFromWeb(5433)]), { by: 'pod' });
    expect(d.summary).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(d.changes).toEqual([{ change: 'changed', src: 'shop/web', dst: 'shop/db', before: [{ protocol: 'TCP', ports: [[5432, 5432]] }], after: [{ protocol: 'TCP', ports: [[5433, 5433]] }], causes: ['NetworkPolicy shop/db'] }]);
    expect(d.policyChanges).toEqual([{ policy: 'NetworkPolicy shop/db', change: 'modified' }]);
  });

  it('compares external ranges per address: an egress ipBlock with except opens exactly that space', () => {
    const egress = netpol('shop', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }], ports: [{ port: 443 }] }] });
    const deny = netpol('shop', 'web-deny-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] });
    const d = diffReach(inventoryOf([...base, deny]), inventoryOf([...base, deny, egress]), { by: 'pod' });
    expect(d.changes).toEqual([{ change: 'added', src: 'shop/web', dst: { cidrs: ['203.0.113.0/25'] }, after: [{ protocol: 'TCP', ports: [[443, 443]] }], causes: ['NetworkPolicy shop/web-out'] }]);
  });

  it('names an AdminNetworkPolicy as the cause of what it denies', () => {
    const deny = anp('no-ops', { priority: 1, subject: { namespaces: { matchLabels: { tier: 'app' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { tier: 'ops' } } }] }] });
    const d = diffReach(inventoryOf(base), inventoryOf([...base, deny]));
    expect(d.changes.map((c) => [c.change, c.src, c.dst, c.causes])).toEqual([
      ['removed', 'ops/prom', 'shop/db', ['AdminNetworkPolicy no-ops']],
      ['removed', 'ops/prom', 'shop/web', ['AdminNetworkPolicy no-ops']],
    ]);
  });

  it('says when no policy change explains a change (labels moved)', () => {
    const relabelled = base.map((o) => (JSON.stringify(o).includes('"name":"web"') ? pod({ ns: 'shop', name: 'web', labels: { app: 'other' }, ip: '10.0.0.1', ports: [{ port: 8080, name: 'http' }] }) : o));
    const d = diffReach(inventoryOf([...base, dbFromWeb(5432)]), inventoryOf([...relabelled, dbFromWeb(5432)]), { by: 'pod' });
    expect(d.changes).toEqual([{ change: 'removed', src: 'shop/web', dst: 'shop/db', before: [{ protocol: 'TCP', ports: [[5432, 5432]] }], causes: ['no policy change selects these endpoints: pods, labels or namespaces changed'] }]);
  });
});
