// Services / kube-proxy / DNS speed (issue 5 "Speed"), in a warm process, for 10,000 Services x 250 endpoints
// (2.5 million endpoints) over 100 nodes:
//  1. kube-proxy iptables ruleset generation for one node, the way `podnet iptables` does it (and 1b, the nftables
//     and ipvs modes, `--mode nftables|ipvs`): plan
//     (CategorizeEndpoints per service port) plus the complete iptables-save text as bytes, written chunk by chunk
//     to a file descriptor (/dev/null here: ~0.7 GB); target < 2 s per node. The per-cluster state (computed once)
//     and the first node (which also computes the 2.5 M KUBE-SEP chain hashes, kept per cluster as kube-proxy caches
//     chain names) are reported separately; cold = state + first node.
//  2. one Service trace step (ClusterIP lookup, CategorizeEndpoints for that port, the DNAT choice); target < 100 us.
//  3. 100,000 cluster DNS queries (A, SRV, PTR, NXDOMAIN mix); target < 1 s.
// Run: npx tsx bench/services.bench.ts  (or npm run bench -- services). The bench re-runs itself in a child Node
// with a larger young generation (--max-semi-space-size=128): building the 2.5 M-endpoint catalog makes many
// short-lived objects, which the default 16 MB semi-spaces would promote into full GCs over the ~0.5 GB catalog.
// It also prints the SHA-256 of one node's ruleset (computed outside the timing): speed work must not change it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadInputs } from '@podnet/contracts';
import {
  buildClusterModel,
  buildProxyState,
  createServiceStage,
  createTracer,
  clusterDns,
  decideService,
  DEFAULT_KUBE_PROXY_CONFIG,
  findServiceByDestination,
  indexServices,
  iptablesSaveBytes,
  kubeProxyRulesetBytes,
  planNode,
  type EndpointSliceInfo,
  type ProxyNode,
  type ServiceCatalog,
  type ServiceInfo,
} from '@podnet/netsim';

if (process.env['PODNET_SERVICES_BENCH_CHILD'] !== '1') {
  const child = spawnSync(process.execPath, ['--max-semi-space-size=128', '--max-old-space-size=12288', '--import', 'tsx', fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, PODNET_SERVICES_BENCH_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

const SERVICES = 10_000;
const ENDPOINTS = 250;
const NODES = 100;
const TARGET_RULESET_MS = 2000;
const TARGET_TRACE_US = 100;
const TARGET_DNS_MS = 1000;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
// CPU time of the process (all threads, GC helpers included): steadier than wall time on a shared, loaded machine.
const cpuMs = (start: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
};
const ip = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function buildCatalog(): ServiceCatalog {
  const nodes: ProxyNode[] = Array.from({ length: NODES }, (_, i) => ({ name: `node-${i}`, addresses: [ip(0xc0a80000 + i + 10)], labels: {}, zone: `zone-${i % 3}`, podCIDRs: [] }));
  const services: ServiceInfo[] = [];
  const slices = new Map<string, EndpointSliceInfo[]>();
  for (let s = 0; s < SERVICES; s++) {
    const name = `svc-${s}`;
    const namespace = `ns-${s % 50}`;
    services.push({
      namespace,
      name,
      type: s % 10 === 0 ? 'NodePort' : 'ClusterIP',
      headless: false,
      clusterIPs: [ip(0x0a600000 + 256 + s)],
      ipFamilies: ['IPv4'],
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, ...(s % 10 === 0 ? { nodePort: 30086 + (s / 10) } : {}) }],
      selector: { app: name },
      externalIPs: [],
      loadBalancerIngress: [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinitySeconds: null,
      publishNotReadyAddresses: false,
      topologyModeAuto: false,
      annotations: {},
      implicit: false,
    });
    const endpoints = Array.from({ length: ENDPOINTS }, (_, e) => {
      const n = s * ENDPOINTS + e;
      return { addresses: [ip(0x0a000000 + n)], ready: true, serving: true, terminating: false, nodeName: `node-${n % NODES}` };
    });
    slices.set(`${namespace}/${name}`, [{ namespace, serviceName: name, name: `${name}-x`, addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints, origin: 'manifest' }]);
  }
  return { clusterDomain: 'cluster.local', serviceCIDRs: ['10.96.0.0/12'], dnsIP: '10.96.0.10', services, slices, nodes, issues: [] };
}

let t = process.hrtime.bigint();
const catalog = buildCatalog();
const buildMs = ms(t);
const config = { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.0.0.0/8'] };

t = process.hrtime.bigint();
const cpu = process.cpuUsage();
const state = buildProxyState(catalog, 4);
const stateMs = ms(t);
const stateCpuMs = cpuMs(cpu);

// 1. Ruleset per node, the way `podnet iptables` produces it: plan, then the iptables-save bytes written chunk by
//    chunk to a file descriptor (here /dev/null). The first node also computes the 2.5 M KUBE-SEP chain hashes
//    (kept per cluster, as bytes); every node writes its whole text afresh. Median of 3 further nodes.
const devNull = openSync('/dev/null', 'w');
function ruleset(nodeIndex: number): { ms: number; cpuMs: number; bytes: number } {
  const node = catalog.nodes[nodeIndex]!;
  const start = process.hrtime.bigint();
  const startCpu = process.cpuUsage();
  const plan = planNode(state, node, config);
  let b = 0;
  for (const chunk of iptablesSaveBytes(plan)) {
    for (let at = 0; at < chunk.length; ) at += writeSync(devNull, chunk, at);
    b += chunk.length;
  }
  return { ms: ms(start), cpuMs: cpuMs(startCpu), bytes: b };
}
const first = ruleset(0);
// Lines and the SHA-256 of node 1's ruleset, outside the timing: the output must stay byte-identical across speed work.
let lines = 0;
const digest = createHash('sha256');
for (const chunk of iptablesSaveBytes(planNode(state, catalog.nodes[1]!, config))) {
  digest.update(chunk);
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
}
const rulesetDigest = digest.digest('hex');
const further = [37, 68, 99].map(ruleset);

// 1b. The nftables and ipvs forms of the same rulesets (`podnet iptables --mode nftables|ipvs`), bytes written the
//     same way. The first node of each mode also computes what that mode keeps per cluster (the nftables endpoint
//     chains' name hashes).
function otherMode(mode: 'nftables' | 'ipvs', nodeIndex: number): { ms: number; bytes: number } {
  const start = process.hrtime.bigint();
  let b = 0;
  for (const chunk of kubeProxyRulesetBytes(mode, state, catalog.nodes[nodeIndex]!, config, catalog.serviceCIDRs)) {
    for (let at = 0; at < chunk.length; ) at += writeSync(devNull, chunk, at);
    b += chunk.length;
  }
  return { ms: ms(start), bytes: b };
}
const modes = (['nftables', 'ipvs'] as const).map((mode) => {
  const firstOfMode = otherMode(mode, 0);
  const hash = createHash('sha256');
  for (const chunk of kubeProxyRulesetBytes(mode, state, catalog.nodes[1]!, config, catalog.serviceCIDRs)) hash.update(chunk);
  const samples = [37, 68, 99].map((n) => otherMode(mode, n).ms).sort((a, b) => a - b);
  return { mode, first: firstOfMode, samples, digest: hash.digest('hex') };
});
closeSync(devNull);
const rulesetSamples = further.map((r) => r.ms).sort((a, b) => a - b);
const rulesetMs = rulesetSamples[1]!;
const furtherCpuMs = further.map((r) => r.cpuMs).sort((a, b) => a - b)[1]!;
const { bytes } = first;

// 2. One Service trace step, averaged over 20,000 lookups of random Services.
const index = indexServices(state);
const node0 = catalog.nodes[0]!;
let checksum = 0;
const TRACES = 20_000;
for (let i = 0; i < 2000; i++) {
  const hit = findServiceByDestination(index, ip(0x0a600000 + 256 + ((i * 7919) % SERVICES)), 'tcp', 80, false)!;
  checksum += decideService(hit.sp, hit.access, node0, config, { sourceIp: '10.0.0.7', sourceIsNode: false, seed: i }).candidates.length;
}
t = process.hrtime.bigint();
for (let i = 0; i < TRACES; i++) {
  const hit = findServiceByDestination(index, ip(0x0a600000 + 256 + ((i * 104729) % SERVICES)), 'tcp', 80, false)!;
  checksum += decideService(hit.sp, hit.access, node0, config, { sourceIp: '10.0.0.7', sourceIsNode: false, seed: i }).chosen!.port;
}
const traceUs = (ms(t) * 1000) / TRACES;

// 2b. A whole `podnet trace` through a Service (engine + service stage: DNAT, routing, delivery) in a smaller
//     simulated cluster (200 Services x 50 pods on 20 nodes), for scale against the step above.
const items: Record<string, unknown>[] = [];
for (let n = 0; n < 20; n++) items.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `w${n}` }, spec: { podCIDR: `10.244.${n}.0/24` }, status: { addresses: [{ type: 'InternalIP', address: `10.0.1.${10 + n}` }] } });
for (let sv = 0; sv < 200; sv++) {
  items.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${sv}`, namespace: 'default' }, spec: { clusterIP: ip(0x0a600000 + 512 + sv), selector: { app: `s${sv}` }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
  for (let p = 0; p < 50; p++) {
    const k = sv * 50 + p;
    items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `s${sv}-${p}`, namespace: 'default', labels: { app: `s${sv}` } }, spec: { nodeName: `w${k % 20}`, containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] }, status: { phase: 'Running', podIP: `10.244.${k % 20}.${2 + Math.floor(k / 20)}`, conditions: [{ type: 'Ready', status: 'True' }] } });
  }
}
const inventory = loadInputs([{ name: 'bench.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]);
const model = buildClusterModel(inventory);
const tracer = createTracer(model, { service: createServiceStage(model, inventory) });
for (let i = 0; i < 500; i++) checksum += tracer.trace({ from: 'default/s0-0', to: `default/s${i % 200}:80`, seed: i }).hops.length;
const FULL = 5000;
t = process.hrtime.bigint();
for (let i = 0; i < FULL; i++) checksum += tracer.trace({ from: 'default/s0-0', to: `default/s${(i * 7) % 200}:80`, seed: i }).hops.length;
const fullTraceUs = (ms(t) * 1000) / FULL;

// 3. 100,000 DNS queries.
t = process.hrtime.bigint();
const dns = clusterDns(catalog, { namespaces: Array.from({ length: 50 }, (_, i) => `ns-${i}`) });
const dnsBuildMs = ms(t);
const QUERIES = 100_000;
const questions: [string, 'A' | 'SRV' | 'PTR'][] = [];
for (let i = 0; i < QUERIES; i++) {
  const s = (i * 7907) % SERVICES;
  const kind = i % 10;
  if (kind < 6) questions.push([`svc-${s}.ns-${s % 50}.svc.cluster.local.`, 'A']);
  else if (kind < 8) questions.push([`_http._tcp.svc-${s}.ns-${s % 50}.svc.cluster.local.`, 'SRV']);
  else if (kind < 9) questions.push([`${(256 + s) & 255}.${(256 + s) >> 8}.96.10.in-addr.arpa.`, 'PTR']);
  else questions.push([`nosuch-${s}.ns-${s % 50}.svc.cluster.local.`, 'A']);
}
for (let i = 0; i < 10_000; i++) checksum += dns.query(questions[i]![0], questions[i]![1]).answers.length;
t = process.hrtime.bigint();
for (const [name, type] of questions) checksum += dns.query(name, type).answers.length;
const dnsMs = ms(t);

const row = (label: string, figure: string, target: string, ratio: number) => console.log(`${label.padEnd(58)} ${figure.padStart(12)}   target ${target.padStart(8)}   ratio ${ratio.toFixed(3)}`);
console.log(`services bench: ${SERVICES} Services x ${ENDPOINTS} endpoints = ${(SERVICES * ENDPOINTS).toLocaleString('en')} endpoints, ${NODES} nodes`);
console.log(`  (building the in-memory catalog: ${buildMs.toFixed(0)} ms; per-cluster kube-proxy state, computed once: ${stateMs.toFixed(0)} ms; KUBE-SEP chain hashes are computed by the first ruleset)`);
row('1. iptables ruleset for one node (plan + bytes written), further nodes', `${rulesetMs.toFixed(0)} ms`, `${TARGET_RULESET_MS} ms`, rulesetMs / TARGET_RULESET_MS);
console.log(`     ${lines.toLocaleString('en')} lines, ${(bytes / 1e6).toFixed(0)} MB per node (node-1 sha256 ${rulesetDigest.slice(0, 16)}); further nodes ${rulesetSamples.map((x) => x.toFixed(0)).join(' / ')} ms (median CPU ${furtherCpuMs.toFixed(0)} ms)`);
row('   first node (2.5 M chain hashes + its ruleset)', `${first.ms.toFixed(0)} ms`, `${TARGET_RULESET_MS} ms`, first.ms / TARGET_RULESET_MS);
row('   cold: per-cluster state + first node', `${(stateMs + first.ms).toFixed(0)} ms`, `${TARGET_RULESET_MS} ms`, (stateMs + first.ms) / TARGET_RULESET_MS);
console.log(`     CPU time: state ${stateCpuMs.toFixed(0)} ms + first node ${first.cpuMs.toFixed(0)} ms = cold ${(stateCpuMs + first.cpuMs).toFixed(0)} ms (ratio ${((stateCpuMs + first.cpuMs) / TARGET_RULESET_MS).toFixed(3)})`);
for (const m of modes) {
  row(`1b. ${m.mode} ruleset for one node, further nodes`, `${m.samples[1]!.toFixed(0)} ms`, `${TARGET_RULESET_MS} ms`, m.samples[1]! / TARGET_RULESET_MS);
  console.log(`     ${(m.first.bytes / 1e6).toFixed(0)} MB per node (node-1 sha256 ${m.digest.slice(0, 16)}); further nodes ${m.samples.map((x) => x.toFixed(0)).join(' / ')} ms; first node ${m.first.ms.toFixed(0)} ms (ratio ${(m.first.ms / TARGET_RULESET_MS).toFixed(3)})`);
}
row('2. one Service trace step (lookup + categorize + DNAT choice)', `${traceUs.toFixed(1)} us`, `${TARGET_TRACE_US} us`, traceUs / TARGET_TRACE_US);
row('   whole podnet trace through a Service (10,000-pod cluster)', `${fullTraceUs.toFixed(1)} us`, `${TARGET_TRACE_US} us`, fullTraceUs / TARGET_TRACE_US);
row('3. 100,000 DNS queries (60% A, 20% SRV, 10% PTR, 10% NXDOMAIN)', `${dnsMs.toFixed(0)} ms`, `${TARGET_DNS_MS} ms`, dnsMs / TARGET_DNS_MS);
console.log(`     (building the DNS index: ${dnsBuildMs.toFixed(0)} ms; checksum ${checksum})`);
