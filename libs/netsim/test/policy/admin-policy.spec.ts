import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedBetween, buildReachModel, compilePolicyIndex, evaluateConnection, PortSetTable } from '../../src/index';
import { anp, banp, inventoryOf, netpol, ns, pod } from './fixtures';

// AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), semantics from the
// sig-network policy API docs (network-policy-api.sigs.k8s.io, "API Overview" and the v1alpha1 types' comments):
// ANP rules are evaluated first, by priority (lower number first) and rule order; Allow and Deny are final, Pass
// hands the traffic to NetworkPolicy; BaselineAdminNetworkPolicy applies only where no NetworkPolicy selects the
// pod in that direction (or after Pass); otherwise the default is allow. docs/netpol.md §7 summarises them.
const items = [
  ns('app', { tier: 'app' }),
  ns('monitoring', { tier: 'ops' }),
  ns('sandbox', { tier: 'untrusted' }),
  pod({ ns: 'app', name: 'api', labels: { app: 'api' }, ip: '10.0.0.1', ports: [{ port: 8080, name: 'http' }] }),
  pod({ ns: 'monitoring', name: 'prom', labels: { app: 'prom' }, ip: '10.0.1.1' }),
  pod({ ns: 'sandbox', name: 'box', labels: { app: 'box' }, ip: '10.0.2.1' }),
];
const subjectApp = { namespaces: { matchLabels: { tier: 'app' } } };
const fromNs = (tier: string) => [{ namespaces: { matchLabels: { tier } } }];
const verdict = (objects: object[], src: string, dst: string, port = 8080) => evaluateConnection(compilePolicyIndex(inventoryOf(objects)), { pod: src }, { pod: dst }, port, 'TCP');

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy tiers', () => {
  it('an ANP Deny cannot be overridden by a NetworkPolicy that allows', () => {
    const objs = [...items, netpol('app', 'allow-all', { podSelector: {}, ingress: [{}] }), anp('deny-sandbox', { priority: 10, subject: subjectApp, ingress: [{ name: 'no-sandbox', action: 'Deny', from: fromNs('untrusted') }] })];
    const v = verdict(objs, 'sandbox/box', 'app/api');
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedBy).toBe('admin');
    expect(v.ingress.rule).toMatchObject({ kind: 'AdminNetworkPolicy', policy: 'deny-sandbox', direction: 'ingress', ruleIndex: 0, peerIndex: 0, action: 'Deny' });
    expect(verdict(objs, 'monitoring/prom', 'app/api').allowed).toBe(true);
  });

  it('an ANP Allow wins over a NetworkPolicy default deny', () => {
    const objs = [...items, netpol('app', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), anp('allow-monitoring', { priority: 5, subject: subjectApp, ingress: [{ action: 'Allow', from: fromNs('ops'), ports: [{ portNumber: { protocol: 'TCP', port: 8080 } }] }] })];
    expect(verdict(objs, 'monitoring/prom', 'app/api').allowed).toBe(true);
    expect(verdict(objs, 'monitoring/prom', 'app/api', 9090).allowed).toBe(false);
    expect(verdict(objs, 'sandbox/box', 'app/api').allowed).toBe(false);
  });

  it('the lower priority number wins between ANPs', () => {
    const objs = [...items, anp('a-allow', { priority: 5, subject: subjectApp, ingress: [{ action: 'Allow', from: fromNs('untrusted') }] }), anp('b-deny', { priority: 10, subject: subjectApp, ingress: [{ action: 'Deny', from: fromNs('untrusted') }] })];
    expect(verdict(objs, 'sandbox/box', 'app/api').allowed).toBe(true);
  });

  it('Pass hands the decision to NetworkPolicy, or to the BANP when no NetworkPolicy selects the pod', () => {
    const pass = anp('pass-sandbox', { priority: 1, subject: subjectApp, ingress: [{ action: 'Pass', from: fromNs('untrusted') }] });
    const denyLater = anp('deny-later', { priority: 2, subject: subjectApp, ingress: [{ action: 'Deny', from: fromNs('untrusted') }] });
    const banpDeny = banp({ subject: subjectApp, ingress: [{ action: 'Deny', from: fromNs('untrusted') }] });
    // Pass skips the later ANP Deny; no NetworkPolicy, no BANP: default allow.
    expect(verdict([...items, pass, denyLater], 'sandbox/box', 'app/api').allowed).toBe(true);
    // ... with a BANP Deny: denied by the baseline.
    const v = verdict([...items, pass, denyLater, banpDeny], 'sandbox/box', 'app/api');
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedBy).toBe('baseline');
    // ... with a NetworkPolicy selecting the pod and allowing it: NetworkPolicy decides, the BANP is not consulted.
    const np = netpol('app', 'allow-http', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] });
    expect(verdict([...items, pass, denyLater, banpDeny, np], 'sandbox/box', 'app/api').allowed).toBe(true);
    expect(verdict([...items, pass, denyLater, banpDeny, np], 'sandbox/box', 'app/api', 22).allowed).toBe(false);
  });

  it('the BANP applies only where no NetworkPolicy selects the pod', () => {
    const baseline = banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] });
    expect(verdict([...items, baseline], 'monitoring/prom', 'app/api').allowed).toBe(false);
    const np = netpol('app', 'from-monitoring', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'ops' } } }] }] });
    expect(verdict([...items, baseline, np], 'monitoring/prom', 'app/api').allowed).toBe(true);
    expect(verdict([...items, baseline, np], 'sandbox/box', 'app/api').allowed).toBe(false);
  });

  it('the class matrix agrees with evaluateConnection under every tier', () => {
    const objs = [
      ...items,
      netpol('app', 'allow-http', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }, { port: 9000, endPort: 9010 }] }] }),
      anp('pass-sandbox', { priority: 1, subject: subjectApp, ingress: [{ action: 'Pass', from: fromNs('untrusted'), ports: [{ portRange: { protocol: 'TCP', start: 8000, end: 8100 } }] }] }),
      anp('deny-sandbox', { priority: 2, subject: subjectApp, ingress: [{ action: 'Deny', from: fromNs('untrusted') }] }),
      anp('egress', { priority: 3, subject: { namespaces: { matchLabels: { tier: 'ops' } } }, egress: [{ action: 'Deny', to: [{ networks: ['8.8.8.0/24'] }] }] }),
      banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { tier: 'app' } } }] }] }),
    ];
    const model = buildReachModel(inventoryOf(objs), { by: 'pod' });
    const pods = ['app/api', 'monitoring/prom', 'sandbox/box'];
    for (const s of pods) {
      for (const d of [...pods, '8.8.8.8', '9.9.9.9']) {
        if (s === d) continue;
        const dst = d.includes('/') ? { pod: d } : { ip: d };
        const set = allowedBetween(model.matrix, { pod: s }, dst);
        for (const port of [22, 8080, 8100, 8101, 9005, 9011]) {
          const v = evaluateConnection(model.index, { pod: s }, dst, port, 'TCP');
          expect([s, d, port, model.index.ports.has(set, 'TCP', port)]).toEqual([s, d, port, v.allowed]);
        }
      }
    }
    expect(allowedBetween(model.matrix, { pod: 'monitoring/prom' }, { ip: '8.8.8.8' })).toBe(PortSetTable.NONE);
  });
});

describe('tiers: the class matrix equals evaluateConnection on random ANP/BANP/NetworkPolicy mixes', () => {
  const nsSel = fc.constantFrom({}, { matchLabels: { tier: 'app' } }, { matchLabels: { tier: 'ops' } }, { matchLabels: { tier: 'untrusted' } });
  const anpPeer = fc.oneof(
    nsSel.map((n) => ({ namespaces: n })),
    fc.constantFrom('api', 'prom', 'box').map((a) => ({ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: a } } } })),
    fc.constantFrom(['8.8.8.0/24'], ['0.0.0.0/1', '9.9.9.9/32'], ['10.0.0.0/8']).map((networks) => ({ networks })),
  );
  const anpPort = fc.oneof(fc.constantFrom(22, 8080, 9000).map((port) => ({ portNumber: { protocol: 'TCP', port } })), fc.constant({ namedPort: 'http' }), fc.constant({ portRange: { protocol: 'TCP', start: 8000, end: 8100 } }));
  const anpRule = (actions: string[]) => fc.record({ action: fc.constantFrom(...actions), peers: fc.array(anpPeer, { minLength: 1, maxLength: 2 }), ports: fc.option(fc.array(anpPort, { minLength: 1, maxLength: 2 }), { nil: undefined }) });
  const toRule = (r: { action: string; peers: object[]; ports?: object[] }, dir: 'from' | 'to') => ({ action: r.action, [dir]: r.peers, ...(r.ports ? { ports: r.ports } : {}) });
  const anps = fc.array(fc.record({ priority: fc.integer({ min: 0, max: 20 }), subject: nsSel, ingress: fc.array(anpRule(['Allow', 'Deny', 'Pass']), { maxLength: 2 }), egress: fc.array(anpRule(['Allow', 'Deny', 'Pass']), { maxLength: 2 }) }), { maxLength: 3 });
  const baseline = fc.option(fc.record({ subject: nsSel, ingress: fc.array(anpRule(['Allow', 'Deny']), { maxLength: 2 }), egress: fc.array(anpRule(['Allow', 'Deny']), { maxLength: 2 }) }), { nil: undefined });
  const nps = fc.array(fc.record({ ns: fc.constantFrom('app', 'monitoring', 'sandbox'), types: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']), port: fc.constantFrom(8080, 9000, 'http') }), { maxLength: 3 });

  it('agrees on every pair and port', () => {
    fc.assert(
      fc.property(anps, baseline, nps, (a, b, n) => {
        const objs = [
          ...items,
          ...a.map((x, i) => anp(`anp-${i}`, { priority: x.priority, subject: { namespaces: x.subject }, ingress: x.ingress.map((r) => toRule(r, 'from')), egress: x.egress.map((r) => toRule(r, 'to')) })),
          ...(b ? [banp({ subject: { namespaces: b.subject }, ingress: b.ingress.map((r) => toRule(r, 'from')), egress: b.egress.map((r) => toRule(r, 'to')) })] : []),
          ...n.map((x, i) => netpol(x.ns, `np-${i}`, { podSelector: {}, policyTypes: x.types, ingress: [{ ports: [{ port: x.port }] }], egress: [{ ports: [{ port: x.port }] }] })),
        ];
        const model = buildReachModel(inventoryOf(objs), { by: 'pod' });
        const pods = ['app/api', 'monitoring/prom', 'sandbox/box'];
        for (const s of pods) {
          for (const d of pods) {
            if (s === d) continue;
            const set = allowedBetween(model.matrix, { pod: s }, { pod: d });
            for (const port of [22, 8080, 8100, 8101, 9000]) {
              expect([s, d, port, model.index.ports.has(set, 'TCP', port)]).toEqual([s, d, port, evaluateConnection(model.index, { pod: s }, { pod: d }, port, 'TCP').allowed]);
            }
          }
          for (const ip of ['8.8.8.8', '9.9.9.9', '200.0.0.1', '10.9.9.9']) {
            const out = allowedBetween(model.matrix, { pod: s }, { ip });
            const inn = allowedBetween(model.matrix, { ip }, { pod: s });
            for (const port of [22, 8080, 8101]) {
              expect([s, ip, port, model.index.ports.has(out, 'TCP', port)]).toEqual([s, ip, port, evaluateConnection(model.index, { pod: s }, { ip }, port, 'TCP').allowed]);
              expect([ip, s, port, model.index.ports.has(inn, 'TCP', port)]).toEqual([ip, s, port, evaluateConnection(model.index, { ip }, { pod: s }, port, 'TCP').allowed]);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 300_000);
});
