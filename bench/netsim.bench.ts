// Simulation core speed (issue 4 "Speed"): a cluster at Kubernetes' documented limits (5,000 nodes, 150,000 pods:
// "Considerations for large clusters") for each CNI: build the model (nodes, DaemonSet expansion, scheduling,
// IPAM, indexes) and run 100,000 random traces (pod->pod, pod->node agent, pod->outside, node->pod,
// outside->node) through one tracer.
// Targets: model build < 5 s and < 2 GiB; one trace < 50 us on average. Figures are printed with ratios (figure / target).
// Times are wall clock (the ratios); CPU time is printed too, since a shared machine inflates wall time.
// Run: npx tsx bench/netsim.bench.ts  (CNI=calico to run one; NODES/PODS/TRACES to scale)
import { ClusterDesignSchema, type Inventory, type PodRecord, type WorkloadRecord } from '@podnet/contracts';
import { buildClusterModel, createTracer, type ClusterModel } from '@podnet/netsim';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const NODES = Number(process.env['NODES'] ?? 5_000);
const PODS = Number(process.env['PODS'] ?? 150_000);
const TRACES = Number(process.env['TRACES'] ?? 100_000);
const TARGET_BUILD_MS = 5_000;
const TARGET_BUILD_MIB = 2_048;
const TARGET_TRACE_US = 50;
const CNIS = (process.env['CNI'] ?? 'bridge,calico,aws-vpc-cni,docker-bridge').split(',');

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const mib = (bytes: number) => bytes / 1024 / 1024;
// A full GC before each heap reading, also under plain `npx tsx` (no --expose-gc on the command line).
setFlagsFromString('--expose-gc');
const gc = ((globalThis as { gc?: () => void }).gc ?? runInNewContext('gc')) as (() => void) | undefined;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function design(cni: string) {
  const aws = cni === 'aws-vpc-cni';
  const blocks = ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16'];
  return ClusterDesignSchema.parse({
    apiVersion: 'podnet.dev/v1alpha1',
    kind: 'ClusterDesign',
    metadata: { name: `bench-${cni}` },
    cluster: aws ? {} : { podCIDRs: ['100.64.0.0/10'] },
    network: aws
      ? { provider: 'aws', region: 'us-east-1', vpc: { cidrBlocks: blocks }, subnets: blocks.map((cidr, i) => ({ name: `s${i}`, cidr, availabilityZone: `us-east-1${'abcde'[i]}`, role: 'private' })) }
      : { subnets: [{ name: 'nodes', cidr: '10.0.0.0/16', role: 'nodes' }] },
    cni: cni === 'calico' ? { plugin: 'calico', calico: { ipPools: [{ name: 'p', cidr: '100.64.0.0/10' }] } } : { plugin: cni },
    nodeGroups: [{ name: 'workers', instanceType: 'm5.xlarge', desiredSize: NODES, ...(aws ? {} : { maxPods: 110 }) }],
  });
}

function inventory(cni: string): Inventory {
  const d = design(cni);
  const template = (name: string, hostNetwork: boolean) => ({ metadata: { labels: { app: name } }, spec: { hostNetwork, containers: [{ name, image: 'i', ports: [{ containerPort: hostNetwork ? 9000 + name.length : 8080, protocol: 'TCP' as const }] }] } });
  const daemonSets: WorkloadRecord[] = ['kube-proxy', 'aws-node'].map((name) => ({ namespace: 'kube-system', kind: 'DaemonSet', name, replicas: 0, template: template(name, true), podNames: [] }));
  const pods: PodRecord[] = [];
  const perApp = 50;
  for (let i = 0; i < PODS - 2 * NODES; i++) {
    const app = `app-${Math.floor(i / perApp)}`;
    const ns = `ns-${Math.floor(i / perApp) % 100}`;
    const name = `${app}-${i}`;
    const t = template(app, false);
    pods.push({ namespace: ns, name, labels: t.metadata.labels, workload: { kind: 'Deployment', name: app }, generated: true, source: { file: '<bench>', path: [] }, pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: t.metadata.labels }, spec: t.spec } });
  }
  return { design: d, hasDesign: true, namespaces: [], nodes: [], pods, workloads: [], daemonSets, services: [], endpointSlices: [], endpoints: [], networkPolicies: [], adminNetworkPolicies: [], baselineAdminNetworkPolicies: [], ingresses: [], ingressClasses: [], gatewayClasses: [], gateways: [], httpRoutes: [], configMaps: [], skipped: [], sources: new Map(), warnings: [] };
}

function requests(model: ClusterModel, n: number): { from: string; to: string }[] {
  const random = rng(42);
  const running = model.pods.filter((p) => p.phase === 'Running' && !p.hostNetwork);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const out: { from: string; to: string }[] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    const src = pick(running);
    if (r < 0.6) out.push({ from: src.key, to: `${pick(running).key}:8080` });
    else if (r < 0.7) out.push({ from: src.key, to: `${pick(model.nodes).ip}:10250` });
    else if (r < 0.8) out.push({ from: src.key, to: '93.184.216.34:443' });
    else if (r < 0.9) out.push({ from: `node/${pick(model.nodes).name}`, to: `${pick(running).key}:8080` });
    else out.push({ from: 'external', to: `${pick(model.nodes).ip}:10250` });
  }
  return out;
}

console.log(`netsim bench: ${NODES} nodes, ${PODS} pods, ${TRACES} traces${gc ? '' : ' (run with node --expose-gc for exact heap figures)'}`);
let worstBuild = 0;
let worstMem = 0;
let worstTrace = 0;
for (const cni of CNIS) {
  const inv = inventory(cni);
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const buildCpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let model: ClusterModel | null = buildClusterModel(inv);
  const buildMs = ms(start);
  const buildCpu = process.cpuUsage(buildCpu0);
  const buildCpuMs = (buildCpu.user + buildCpu.system) / 1000;
  gc?.();
  const heapMib = mib(process.memoryUsage().heapUsed - heapBefore);
  const running = model.pods.filter((p) => p.phase === 'Running').length;
  const reqs = requests(model, TRACES);
  const tracer = createTracer(model);
  for (let i = 0; i < 2_000; i++) tracer.trace(reqs[i % reqs.length]!);
  const verdicts: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const req of reqs) {
    const v = tracer.trace(req).verdict;
    verdicts[v] = (verdicts[v] ?? 0) + 1;
  }
  const traceUs = (ms(t0) * 1000) / reqs.length;
  const cpu = process.cpuUsage(cpu0);
  const traceCpuUs = (cpu.user + cpu.system) / reqs.length;
  worstBuild = Math.max(worstBuild, buildMs / TARGET_BUILD_MS);
  worstMem = Math.max(worstMem, heapMib / TARGET_BUILD_MIB);
  worstTrace = Math.max(worstTrace, traceUs / TARGET_TRACE_US);
  console.log(`\n[${cni}] ${model.nodes.length} nodes, ${model.pods.length} pods (${running} running)`);
  console.log(`  model build      ${buildMs.toFixed(0).padStart(7)} ms     target ${TARGET_BUILD_MS} ms     ratio ${(buildMs / TARGET_BUILD_MS).toFixed(3)}   (CPU time ${buildCpuMs.toFixed(0)} ms)`);
  console.log(`  model heap       ${heapMib.toFixed(0).padStart(7)} MiB    target ${TARGET_BUILD_MIB} MiB  ratio ${(heapMib / TARGET_BUILD_MIB).toFixed(3)}  (rss ${mib(process.memoryUsage().rss).toFixed(0)} MiB)`);
  console.log(`  trace (average)  ${traceUs.toFixed(2).padStart(7)} us     target ${TARGET_TRACE_US} us       ratio ${(traceUs / TARGET_TRACE_US).toFixed(3)}   (CPU time ${traceCpuUs.toFixed(2)} us, ratio ${(traceCpuUs / TARGET_TRACE_US).toFixed(3)})`);
  console.log(`  verdicts         ${JSON.stringify(verdicts)}`);
  model = null;
}
console.log(`\nworst ratios: build ${worstBuild.toFixed(3)}, memory ${worstMem.toFixed(3)}, trace ${worstTrace.toFixed(3)} (<= 1 meets the target)`);
