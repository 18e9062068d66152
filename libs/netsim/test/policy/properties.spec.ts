import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicyIndex, computeReach, checkExpectations, diffReach, evaluateConnection, type L4Protocol } from '../../src/index';
import { inventoryOf, netpol, ns, pod, type PodSpecLite } from './fixtures';

// Properties stated by the Kubernetes docs ("Network Policies"): policies are additive ("policies do not
// conflict; they are additive"), so once a pod is isolated in a direction, another policy can only add
// allowed connections in that direction; with no policy at all, every pod is non-isolated and all traffic
// is allowed.
const LABELS = ['a', 'b', 'c'];
const NAMESPACES = ['x', 'y'];
const PODS: PodSpecLite[] = [
  { ns: 'x', name: 'p0', labels: { app: 'a' }, ip: '10.0.0.1', ports: [{ port: 80, name: 'http' }] },
  { ns: 'x', name: 'p1', labels: { app: 'b' }, ip: '10.0.0.2', ports: [{ port: 8080, name: 'http' }, { port: 53, name: 'dns', protocol: 'UDP' as const }] },
  { ns: 'y', name: 'p2', labels: { app: 'a', env: 'prod' }, ip: '10.0.1.1', ports: [{ port: 80, name: 'web' }] },
  { ns: 'y', name: 'p3', labels: { app: 'c' }, ip: '10.0.1.2' },
];
const KEYS = PODS.map((p) => `${p.ns}/${p.name}`);
const IPS = ['10.0.0.2', '10.0.1.200', '8.8.8.8', '192.168.5.5'];
const PROBES: [number, L4Protocol][] = [[80, 'TCP'], [8080, 'TCP'], [53, 'UDP'], [443, 'TCP'], [9000, 'SCTP']];

const selector = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...LABELS).map((v) => ({ matchLabels: { app: v } })),
  fc.constantFrom(...LABELS).map((v) => ({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: [v] }] })),
  fc.constant({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }),
);
const peer = fc.oneof(
  selector.map((s) => ({ podSelector: s })),
  selector.map((s) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } }, podSelector: s })),
  fc.constant({ namespaceSelector: {} }),
  fc.constantFrom('10.0.0.0/24', '8.0.0.0/8', '0.0.0.0/0').map((cidr) => ({ ipBlock: cidr === '0.0.0.0/0' ? { cidr, except: ['10.0.0.0/8'] } : { cidr } })),
);
const port = fc.oneof(
  fc.constantFrom(80, 8080, 443).map((p) => ({ port: p })),
  fc.constant({ protocol: 'UDP', port: 53 }),
  fc.constant({ port: 'http' }),
  fc.constant({ port: 8000, endPort: 8100 }),
  fc.constant({ protocol: 'SCTP' }),
);
const rule = fc.record({ peers: fc.option(fc.array(peer, { minLength: 1, maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.array(port, { minLength: 1, maxLength: 2 }), { nil: undefined }) });
const policySpec: fc.Arbitrary<GenPolicy> = fc.record({
  podSelector: selector,
  types: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress'], undefined),
  ingress: fc.array(rule, { maxLength: 2 }),
  egress: fc.array(rule, { maxLength: 2 }),
  ns: fc.constantFrom(...NAMESPACES),
});
type GenPolicy = { podSelector: object; types: readonly string[] | undefined; ingress: { peers?: object[]; ports?: object[] }[]; egress: { peers?: object[]; ports?: object[] }[]; ns: string };
const manifest = (p: GenPolicy, i: number) =>
  netpol(p.ns, `p${i}`, {
    podSelector: p.podSelector,
    ...(p.types ? { policyTypes: p.types } : {}),
    ingress: p.ingress.map((r) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })),
    egress: p.egress.map((r) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })),
  });
const cluster = (policies: GenPolicy[]) => inventoryOf([ns('x'), ns('y', { env: 'prod' }), ...PODS.map(pod), ...policies.map(manifest)]);

describe('NetworkPolicy properties', () => {
  it('for a pod already isolated in a direction, adding a policy never removes one of its connections in that direction', () => {
    fc.assert(
      fc.property(fc.array(policySpec, { minLength: 1, maxLength: 3 }), policySpec, (base, extra) => {
        const before = compilePolicyIndex(cluster(base));
        const after = compilePolicyIndex(cluster([...base, extra]));
        for (const target of KEYS) {
          const cls = before.classes[before.classOfPod.get(target)!]!;
          for (const [portNo, proto] of PROBES) {
            if (cls.ingressPolicies.length > 0) {
              for (const src of [...KEYS, ...IPS]) {
                if (src === target) continue;
                const from = src.includes('/') ? { pod: src } : { ip: src };
                const was = evaluateConnection(before, from, { pod: target }, portNo, proto).ingress.allowed;
                if (was) expect(evaluateConnection(after, from, { pod: target }, portNo, proto).ingress.allowed).toBe(true);
              }
            }
            if (cls.egressPolicies.length > 0) {
              for (const dst of [...KEYS, ...IPS]) {
                if (dst === target) continue;
                const to = dst.includes('/') ? { pod: dst } : { ip: dst };
                const was = evaluateConnection(before, { pod: target }, to, portNo, proto).egress.allowed;
                if (was) expect(evaluateConnection(after, { pod: target }, to, portNo, proto).egress.allowed).toBe(true);
              }
            }
          }
        }
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('removing all policies allows everything', () => {
    fc.assert(
      fc.property(fc.array(policySpec, { maxLength: 3 }), (policies) => {
        const withPolicies = cluster(policies);
        const none = { ...withPolicies, networkPolicies: [] };
        const reach = computeReach(none, { by: 'pod' });
        const pairs = reach.connections.filter((c) => typeof c.src === 'string' && typeof c.dst === 'string');
        expect(pairs).toHaveLength(KEYS.length * (KEYS.length - 1));
        expect(reach.connections.every((c) => c.allowed === 'all')).toBe(true);
        expect(reach.connections.filter((c) => typeof c.dst !== 'string').map((c) => c.dst)).toEqual(KEYS.map(() => ({ cidrs: ['0.0.0.0/0'] })));
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('the matrix equals evaluateConnection on every pair and probe', () => {
    fc.assert(
      fc.property(fc.array(policySpec, { maxLength: 4 }), (policies) => {
        const inv = cluster(policies);
        const index = compilePolicyIndex(inv);
        const reach = computeReach(inv, { by: 'pod' });
        const map = new Map(reach.connections.filter((c) => typeof c.dst === 'string' && typeof c.src === 'string').map((c) => [`${c.src as string}>${c.dst as string}`, c.allowed]));
        for (const s of KEYS) {
          for (const d of KEYS) {
            if (s === d) continue;
            const a = map.get(`${s}>${d}`);
            for (const [portNo, proto] of PROBES) {
              const inMatrix = a === 'all' || (a !== undefined && a.some((x) => x.protocol === proto && x.ports.some(([lo, hi]) => portNo >= lo && portNo <= hi)));
              expect(inMatrix).toBe(evaluateConnection(index, { pod: s }, { pod: d }, portNo, proto).allowed);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('is deterministic: the same output whatever the order of the policies', () => {
    fc.assert(
      fc.property(fc.array(policySpec, { maxLength: 4 }), (policies) => {
        const a = computeReach(cluster(policies), { explain: true });
        const b = computeReach(cluster([...policies].reverse()), { explain: true });
        const strip = (r: typeof a) => r.connections.map((c) => ({ src: c.src, dst: c.dst, allowed: c.allowed }));
        expect(strip(b)).toEqual(strip(a));
        expect(JSON.stringify(computeReach(cluster(policies), { explain: true }))).toBe(JSON.stringify(a));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

describe('never mutates its inputs', () => {
  it('reach, diff, check and evaluateConnection leave a frozen inventory untouched', () => {
    const policies: GenPolicy[] = [
      { podSelector: {}, types: ['Ingress', 'Egress'], ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'http' }] }], egress: [{ peers: [{ ipBlock: { cidr: '8.0.0.0/8' } }] }], ns: 'x' },
    ];
    const inv = cluster(policies);
    const design = { ...inv.design, expect: [{ from: 'y/p2', to: 'x/p0', port: 80, protocol: 'TCP' as const, allowed: true }] };
    const frozen = deepFreeze({ ...inv, design });
    const snapshot = JSON.stringify({ ...frozen, sources: [...frozen.sources.entries()] });
    computeReach(frozen, { explain: true, by: 'pod' });
    diffReach(frozen, cluster([]));
    checkExpectations(frozen);
    evaluateConnection(compilePolicyIndex(frozen), { pod: 'y/p2' }, { pod: 'x/p0' }, 80, 'TCP');
    expect(JSON.stringify({ ...frozen, sources: [...frozen.sources.entries()] })).toBe(snapshot);
  });
});
