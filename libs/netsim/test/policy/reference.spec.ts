import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedBetween, buildReachModel, type L4Protocol } from '../../src/index';
import { inventoryOf, netpol, ns, pod } from './fixtures';
import { referenceAllowed, type RawPolicy, type RefCluster } from './reference-evaluator';

// The class-based matrix against an independent, naive evaluator written from the reference algorithm in
// ../shared/docs/netpol.md §4, on random clusters: more pods than label combinations, so that classes merge
// pods of different namespaces and workloads, with ipBlocks over pod and external addresses.
const APPS = ['a', 'b', 'c', 'd'];
const selector = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...APPS).map((v) => ({ matchLabels: { app: v } })),
  fc.subarray(APPS, { minLength: 1, maxLength: 2 }).map((values) => ({ matchExpressions: [{ key: 'app', operator: 'In', values }] })),
  fc.constantFrom(...APPS).map((v) => ({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: [v] }] })),
  fc.constantFrom('Exists', 'DoesNotExist').map((operator) => ({ matchExpressions: [{ key: 'tier', operator }] })),
);
const nsSelector = fc.oneof(fc.constant({}), fc.constantFrom('n0', 'n1', 'n2').map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })), fc.constant({ matchLabels: { env: 'prod' } }), fc.constant({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }));
const cidr = fc.constantFrom('10.0.0.0/30', '10.0.0.4/31', '10.0.1.0/24', '10.0.0.0/16', '8.8.8.0/24', '0.0.0.0/1');
const peer = fc.oneof(
  selector.map((s) => ({ podSelector: s })),
  nsSelector.map((n) => ({ namespaceSelector: n })),
  fc.tuple(nsSelector, selector).map(([n, s]) => ({ namespaceSelector: n, podSelector: s })),
  cidr.map((c) => ({ ipBlock: { cidr: c } })),
  fc.constant({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/30', '10.0.1.128/25'] } }),
);
const port = fc.oneof(fc.constantFrom(80, 443, 8080).map((p) => ({ port: p })), fc.constant({ protocol: 'UDP', port: 53 }), fc.constantFrom('http', 'metrics').map((p) => ({ port: p })), fc.constant({ port: 8000, endPort: 8443 }), fc.constant({ protocol: 'SCTP' }), fc.constant({ protocol: 'UDP', port: 'dns' }));
const rule = fc.record({ peers: fc.option(fc.array(peer, { minLength: 1, maxLength: 3 }), { nil: undefined }), ports: fc.option(fc.array(port, { minLength: 1, maxLength: 2 }), { nil: undefined }) }, { requiredKeys: [] });
const policy = fc.record({
  ns: fc.constantFrom('n0', 'n1', 'n2'),
  podSelector: selector,
  types: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  ingress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(rule, { maxLength: 2 }), { nil: undefined }),
});
const podGen = fc.record({ ns: fc.constantFrom('n0', 'n1', 'n2'), app: fc.constantFrom(...APPS), tier: fc.boolean(), ports: fc.constantFrom(0, 1, 2) });

const PORT_SETS = [
  [],
  [{ port: 80, name: 'http', protocol: 'TCP' }, { port: 53, name: 'dns', protocol: 'UDP' }],
  [{ port: 8080, name: 'http', protocol: 'TCP' }, { port: 9090, name: 'metrics', protocol: 'TCP' }],
] as const;
const PROBES: [L4Protocol, number][] = [['TCP', 80], ['TCP', 443], ['TCP', 8080], ['TCP', 8443], ['TCP', 9090], ['UDP', 53], ['SCTP', 7]];
const EXTERNAL = ['8.8.8.8', '10.0.0.5', '10.0.1.200', '200.1.1.1'];

describe('the class matrix against a naive reference evaluator (netpol.md §4)', () => {
  it.each([true, false])('agrees on every pod pair, pod <-> IP and probe (ipBlockMatchesPods %s)', (ipBlockMatchesPods) => {
    fc.assert(
      fc.property(fc.array(podGen, { minLength: 2, maxLength: 9 }), fc.array(policy, { maxLength: 5 }), (podSpecs, policySpecs) => {
        const pods = podSpecs.map((p, i) => ({ ns: p.ns, name: `p${i}`, labels: { app: p.app, ...(p.tier ? { tier: 'x' } : {}) }, ip: `10.0.0.${i + 1}`, ports: PORT_SETS[p.ports].map((x) => ({ ...x })) }));
        const policies: RawPolicy[] = policySpecs.map((p, i) => ({
          metadata: { namespace: p.ns, name: `np${i}` },
          spec: {
            podSelector: p.podSelector,
            ...(p.types ? { policyTypes: [...p.types] } : {}),
            ...(p.ingress ? { ingress: p.ingress.map((r) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })) } : {}),
            ...(p.egress ? { egress: p.egress.map((r) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })) } : {}),
          },
        }));
        const nsLabels = { n0: { 'kubernetes.io/metadata.name': 'n0', env: 'prod' }, n1: { 'kubernetes.io/metadata.name': 'n1' }, n2: { 'kubernetes.io/metadata.name': 'n2', env: 'dev' } };
        const inventory = inventoryOf([
          ns('n0', { env: 'prod' }),
          ns('n1'),
          ns('n2', { env: 'dev' }),
          ...pods.map((p) => pod({ ns: p.ns, name: p.name, labels: p.labels, ip: p.ip, ports: p.ports.map((x) => ({ port: x.port, name: x.name, protocol: x.protocol })) })),
          ...policies.map((p) => netpol(p.metadata.namespace, p.metadata.name, p.spec)),
        ]);
        const model = buildReachModel(inventory, { by: 'pod', ipBlockMatchesPods });
        const ref: RefCluster = { pods, nsLabels, policies, ipBlockMatchesPods };
        const t = model.index.ports;
        for (const s of pods) {
          for (const d of pods) {
            const set = allowedBetween(model.matrix, { pod: `${s.ns}/${s.name}` }, { pod: `${d.ns}/${d.name}` });
            for (const [proto, p] of PROBES) expect([s.name, d.name, proto, p, t.has(set, proto, p)]).toEqual([s.name, d.name, proto, p, referenceAllowed(ref, { pod: s }, { pod: d }, proto, p)]);
          }
          for (const ip of EXTERNAL) {
            const out = allowedBetween(model.matrix, { pod: `${s.ns}/${s.name}` }, { ip });
            const inn = allowedBetween(model.matrix, { ip }, { pod: `${s.ns}/${s.name}` });
            for (const [proto, p] of PROBES) {
              // 10.0.0.5 may be a pod's address; the reference treats an IP end as external, so skip it when it is.
              if (pods.some((x) => x.ip === ip)) continue;
              expect([s.name, '->', ip, proto, p, t.has(out, proto, p)]).toEqual([s.name, '->', ip, proto, p, referenceAllowed(ref, { pod: s }, { ip }, proto, p)]);
              expect([ip, '->', s.name, proto, p, t.has(inn, proto, p)]).toEqual([ip, '->', s.name, proto, p, referenceAllowed(ref, { ip }, { pod: s }, proto, p)]);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  }, 300_000);
});
