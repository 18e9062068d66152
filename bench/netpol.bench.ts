// NetworkPolicy reachability at Kubernetes' documented scale (150,000 pods): issue 6 "Scale".
// A seeded generator builds 150,000 pods in 5,000 workloads across 200 namespaces with 10,000 policies,
// then times: compiling the policy index (pods -> classes), the class matrix, enumerating the whole workload
// matrix (every workload pair + external ranges), and single pair queries after the build.
// Run: npx tsx bench/netpol.bench.ts  (or npm run bench -- netpol)
import { ClusterDesignSchema, type Inventory, type NetworkPolicy, type PodRecord } from '@podnet/contracts';
import { buildClassMatrix, compilePolicyIndex, evaluateConnection, externalRanges, forEachEntityPair, reachEntities } from '@podnet/netsim';

const NAMESPACES = 200;
const WORKLOADS_PER_NS = 25;
const PODS_PER_WORKLOAD = 30;
const POLICIES_PER_NS = 50;
const TARGET_MATRIX_S = 30;
const TARGET_RSS_GIB = 4;
const TARGET_QUERY_MS = 1;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['web', 'api', 'db', 'cache', 'worker'] as const;
const TIER_PORT: Record<(typeof TIERS)[number], number> = { web: 8080, api: 8000, db: 5432, cache: 6379, worker: 9000 };

function nsName(i: number): string {
  return i === 0 ? 'monitoring' : i === 1 ? 'kube-system' : `team-${String(i).padStart(3, '0')}`;
}

/** The seeded cluster: deterministic for a seed. */
export function generateCluster(seed = 42): Inventory {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const design = ClusterDesignSchema.parse({ apiVersion: 'podnet.dev/v1alpha1', kind: 'ClusterDesign', metadata: { name: 'bench' } });
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: nsName(i), labels: { 'kubernetes.io/metadata.name': nsName(i), team: `t${i % 20}`, env: ['prod', 'staging', 'dev'][i % 3]! } },
  }));
  const pods: PodRecord[] = [];
  let ip = 10 * 2 ** 24 + 2 ** 16;
  for (let n = 0; n < NAMESPACES; n += 1) {
    const ns = nsName(n);
    for (let w = 0; w < WORKLOADS_PER_NS; w += 1) {
      const tier = TIERS[w % TIERS.length]!;
      const name = `svc-${w}`;
      const labels = { app: name, tier, version: 'v1' };
      for (let k = 0; k < PODS_PER_WORKLOAD; k += 1) {
        ip += 1;
        const addr = [Math.floor(ip / 2 ** 24) % 256, Math.floor(ip / 2 ** 16) % 256, Math.floor(ip / 256) % 256, ip % 256].join('.');
        const podName = `${name}-7d4b9c8f6-${String(k).padStart(5, '0')}`;
        pods.push({
          namespace: ns,
          name: podName,
          labels,
          workload: { kind: 'Deployment', name },
          generated: true,
          source: { file: '<bench>', path: [] },
          pod: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: podName, namespace: ns, labels },
            spec: { nodeName: `node-${ip % 1000}`, containers: [{ name: 'app', ports: [{ name: 'http', containerPort: TIER_PORT[tier], protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }] }] },
            status: { podIP: addr },
          },
        });
      }
    }
  }
  const policies: NetworkPolicy[] = [];
  const np = (ns: string, name: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
  for (let n = 0; n < NAMESPACES; n += 1) {
    const ns = nsName(n);
    const list: NetworkPolicy[] = [];
    if (n % 10 !== 9) list.push(np(ns, 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }));
    if (n % 2 === 0) {
      list.push(np(ns, 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }));
      list.push(np(ns, 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] }));
      list.push(np(ns, 'web-egress', { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ port: 8000 }] }, { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ port: 443 }] }] }));
    }
    // Every tenth namespace has no ingress policy at all: its workloads are open to the whole cluster.
    if (n % 10 !== 9) list.push(np(ns, 'allow-monitoring', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 'metrics' }] }] }));
    // Every tenth namespace has no ingress policy (its workloads are open to the cluster): its policies are egress-only.
    const open = n % 10 === 9;
    for (let w = 0; w < WORKLOADS_PER_NS; w += 1) {
      const peers = [`svc-${(w + WORKLOADS_PER_NS - 1) % WORKLOADS_PER_NS}`, `svc-${(w + WORKLOADS_PER_NS - 2) % WORKLOADS_PER_NS}`];
      const peer = [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In' as const, values: peers }] } }];
      list.push(
        open
          ? np(ns, `allow-svc-${w}`, { podSelector: { matchLabels: { app: `svc-${w}` } }, policyTypes: ['Egress'], egress: [{ to: peer, ports: [{ port: 'http' }] }, { ports: [{ protocol: 'UDP', port: 53 }] }] })
          : np(ns, `allow-svc-${w}`, { podSelector: { matchLabels: { app: `svc-${w}` } }, ingress: [{ from: peer, ports: [{ port: 'http' }] }] }),
      );
    }
    for (let k = 0; list.length < POLICIES_PER_NS; k += 1) {
      const target = `svc-${Math.floor(rnd() * WORKLOADS_PER_NS)}`;
      const dir = open ? 'Egress' : 'Ingress';
      if (k % 2 === 0) {
        const rule = { [open ? 'to' : 'from']: [{ namespaceSelector: { matchLabels: { team: `t${Math.floor(rnd() * 20)}` } }, podSelector: { matchLabels: { tier: pick(TIERS) } } }], ports: [{ port: 8000, endPort: 8100 }] };
        list.push(np(ns, `cross-ns-${k}`, { podSelector: { matchLabels: { app: target } }, policyTypes: [dir], [open ? 'egress' : 'ingress']: [rule] }));
      } else {
        const net = Math.floor(rnd() * 100);
        const rule = { [open ? 'to' : 'from']: [{ ipBlock: { cidr: `198.18.${net}.0/24`, except: [`198.18.${net}.128/25`] } }, { ipBlock: { cidr: `203.0.${net % 50}.0/24` } }], ports: [{ port: 443 }, { protocol: 'UDP', port: 4500 }] };
        list.push(np(ns, `partner-${k}`, { podSelector: { matchLabels: { app: target } }, policyTypes: [dir], [open ? 'egress' : 'ingress']: [rule] }));
      }
    }
    policies.push(...list);
  }
  return {
    design, hasDesign: false, namespaces, nodes: [], pods, workloads: [], daemonSets: [], services: [], endpointSlices: [], endpoints: [],
    networkPolicies: policies, adminNetworkPolicies: [], baselineAdminNetworkPolicies: [], ingresses: [], ingressClasses: [], gatewayClasses: [],
    gateways: [], httpRoutes: [], configMaps: [], skipped: [], sources: new Map(), warnings: [],
  };
}

function main(): void {
  const t0 = performance.now();
  const inventory = generateCluster(42);
  const tGen = performance.now() - t0;
  const wlCount = new Set(inventory.pods.map((p) => `${p.namespace}/${p.workload.name}`)).size;

  const c0 = process.cpuUsage();
  const t1 = performance.now();
  const index = compilePolicyIndex(inventory);
  const tIndex = performance.now() - t1;
  const t2 = performance.now();
  const matrix = buildClassMatrix(index);
  const tMatrix = performance.now() - t2;
  const t3 = performance.now();
  const entities = reachEntities(index, 'workload');
  let allowedPairs = 0;
  let allPairs = 0;
  const visited = forEachEntityPair(matrix, entities, (_i, _j, ports) => {
    allowedPairs += 1;
    if (ports === 1) allPairs += 1;
  });
  let externalLines = 0;
  for (const e of entities) externalLines += externalRanges(matrix, e, 'egress').length + externalRanges(matrix, e, 'ingress').length;
  const tEnum = performance.now() - t3;
  const total = tIndex + tMatrix + tEnum;
  const cpu = process.cpuUsage(c0);
  const cpuS = (cpu.user + cpu.system) / 1e6;

  // Pair queries after the build: evaluateConnection (verdict + explanation) on random pod pairs.
  const rnd = mulberry32(7);
  const Q = 20_000;
  const samples: number[] = [];
  // Start the queries from a collected heap when the runtime allows it (npm run bench passes --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  for (let q = 0; q < 2_000; q += 1) {
    const a = inventory.pods[Math.floor(rnd() * inventory.pods.length)]!;
    const b = inventory.pods[Math.floor(rnd() * inventory.pods.length)]!;
    evaluateConnection(index, { pod: `${a.namespace}/${a.name}` }, { pod: `${b.namespace}/${b.name}` }, 8000, 'TCP'); // warm-up (JIT), not timed
  }
  let allowedQ = 0;
  for (let q = 0; q < Q; q += 1) {
    const a = inventory.pods[Math.floor(rnd() * inventory.pods.length)]!;
    const b = inventory.pods[Math.floor(rnd() * inventory.pods.length)]!;
    const s = performance.now();
    const v = evaluateConnection(index, { pod: `${a.namespace}/${a.name}` }, { pod: `${b.namespace}/${b.name}` }, rnd() < 0.5 ? 8000 : 9090, 'TCP');
    samples.push(performance.now() - s);
    if (v.allowed) allowedQ += 1;
  }
  samples.sort((x, y) => x - y);
  const avgQ = samples.reduce((x, y) => x + y, 0) / Q;
  const p99 = samples[Math.floor(Q * 0.99)]!;
  const maxQ = samples[Q - 1]!;
  const rssGiB = (process.resourceUsage().maxRSS * 1024) / 2 ** 30;
  const podPairs = inventory.pods.length * (inventory.pods.length - 1);

  const row = (name: string, value: string, target = '', ratio = '') => console.log(`${name.padEnd(34)} ${value.padStart(16)} ${target.padStart(12)} ${ratio.padStart(8)}`);
  console.log(`netpol bench (seed 42): ${inventory.pods.length} pods, ${wlCount} workloads, ${NAMESPACES} namespaces, ${inventory.networkPolicies.length} NetworkPolicies`);
  console.log(`pod classes: ${index.classes.length}, elementary IPv4 intervals: ${index.bounds.length} (max query time includes GC pauses; p99 is the figure to read)`);
  row('figure', 'value', 'target', 'ratio');
  row('generate cluster (not timed)', `${(tGen / 1000).toFixed(2)} s`);
  row('compile index (pods -> classes)', `${(tIndex / 1000).toFixed(2)} s`);
  row('class matrix', `${(tMatrix / 1000).toFixed(2)} s`);
  row('enumerate workload matrix', `${(tEnum / 1000).toFixed(2)} s`);
  row('workload matrix total', `${(total / 1000).toFixed(2)} s`, `${TARGET_MATRIX_S} s`, (total / 1000 / TARGET_MATRIX_S).toFixed(3));
  row('  of which CPU time (user+sys)', `${cpuS.toFixed(2)} s`, `${TARGET_MATRIX_S} s`, (cpuS / TARGET_MATRIX_S).toFixed(3));
  row('peak RSS', `${rssGiB.toFixed(2)} GiB`, `${TARGET_RSS_GIB} GiB`, (rssGiB / TARGET_RSS_GIB).toFixed(3));
  row('pair query avg (evaluateConnection)', `${(avgQ * 1000).toFixed(1)} µs`, `${TARGET_QUERY_MS} ms`, (avgQ / TARGET_QUERY_MS).toFixed(4));
  row('pair query p99', `${(p99 * 1000).toFixed(1)} µs`, `${TARGET_QUERY_MS} ms`, (p99 / TARGET_QUERY_MS).toFixed(4));
  row('pair query max', `${(maxQ * 1000).toFixed(1)} µs`, `${TARGET_QUERY_MS} ms`, (maxQ / TARGET_QUERY_MS).toFixed(4));
  row('queries over 1 ms', `${samples.filter((x) => x > TARGET_QUERY_MS).length}/${Q}`);
  row('pod pairs covered', `${podPairs.toExponential(3)}`);
  row('pod pairs per second', `${(podPairs / (total / 1000)).toExponential(3)}`);
  row('workload pairs visited', `${visited}`);
  row('workload pairs allowed', `${allowedPairs} (${allPairs} all)`);
  row('external range lines', `${externalLines}`);
  row('queries allowed', `${allowedQ}/${Q}`);
  const ok = total / 1000 < TARGET_MATRIX_S && rssGiB < TARGET_RSS_GIB && p99 < TARGET_QUERY_MS;
  console.log(ok ? 'all targets met' : 'TARGET MISSED');
  if (!ok) process.exitCode = 1;
  tiers(inventory);
}

/** Informational: the same cluster with 3 AdminNetworkPolicies and a BaselineAdminNetworkPolicy over every namespace. */
function tiers(base: Inventory): void {
  const peer = (labels: Record<string, string>) => [{ namespaces: { matchLabels: labels } }];
  const inventory: Inventory = {
    ...base,
    adminNetworkPolicies: [
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'monitoring' }, spec: { priority: 10, subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: peer({ 'kubernetes.io/metadata.name': 'monitoring' }), ports: [{ namedPort: 'metrics' }] }] } },
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'no-dev-to-prod' }, spec: { priority: 20, subject: { namespaces: { matchLabels: { env: 'prod' } } }, ingress: [{ action: 'Deny', from: peer({ env: 'dev' }) }] } },
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'egress-guard' }, spec: { priority: 30, subject: { namespaces: {} }, egress: [{ action: 'Pass', to: [{ networks: ['10.0.0.0/8'] }] }, { action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }] } },
    ],
    baselineAdminNetworkPolicies: [{ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec: { subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: peer({ env: 'staging' }) }] } }],
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const index = compilePolicyIndex(inventory);
  const matrix = buildClassMatrix(index);
  const entities = reachEntities(index, 'workload');
  let allowed = 0;
  forEachEntityPair(matrix, entities, () => {
    allowed += 1;
  });
  for (const e of entities) externalRanges(matrix, e, 'egress');
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  console.log(`with 3 ANPs + BANP over every namespace (informational): workload matrix ${s.toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), ratio to target ${(s / TARGET_MATRIX_S).toFixed(3)}, ${allowed} workload pairs allowed, peak RSS ${((process.resourceUsage().maxRSS * 1024) / 2 ** 30).toFixed(2)} GiB`);
}

// Run when executed (npx tsx bench/netpol.bench.ts, npm run bench), not when the generator is imported.
if (process.argv[1]?.endsWith('netpol.bench.ts')) main();
