import { cidrContainsIp, parseCidr } from '@podnet/contracts';
import { seededRandom } from '../services/random';
import type { ProxyNode } from '../services/types';
import type { KubeProxyConfig } from './config';
import { planServicePort, type ServicePortPlan } from './plan';
import type { ServiceAccess } from './service-index';
import type { ProxyEndpoint, ProxyServicePort } from './service-ports';

/** The packet as it enters the node's netfilter hooks. */
export interface ServicePacket {
  readonly sourceIp: string;
  /** True when the source is one of this node's own addresses (`-m addrtype --src-type LOCAL`). */
  readonly sourceIsNode: boolean;
  /** Deterministic choice among endpoints (the same seed, the same endpoint). */
  readonly seed: number;
}

/** One endpoint kube-proxy could pick, with its probability as the rules give it. */
export interface EndpointCandidate {
  readonly endpoint: string;
  readonly ip: string;
  readonly port: number;
  readonly chain: string;
  /** The `--probability` on its rule (1 for the last, unconditional rule). */
  readonly ruleProbability: number;
  /** The chance this endpoint is chosen overall (1/n for each). */
  readonly probability: number;
  readonly nodeName?: string;
  readonly local: boolean;
  readonly terminating: boolean;
  readonly targetPod?: ProxyEndpoint['targetPod'];
}

/**
 * The candidates of a decision as {@link EndpointCandidate}s (built on demand: a decision keeps the endpoint list).
 *
 * @example
 * candidateList(decision).map((c) => `${c.endpoint} p=${c.probability}`)
 */
export function candidateList(decision: Pick<ServiceDecision, 'candidates' | 'nodeName'>): EndpointCandidate[] {
  const n = decision.candidates.length;
  return decision.candidates.map((ep, i) => ({
    endpoint: ep.endpoint,
    ip: ep.ip,
    port: ep.port,
    chain: ep.chain,
    ruleProbability: i < n - 1 ? 1 / (n - i) : 1,
    probability: 1 / n,
    nodeName: ep.nodeName,
    local: ep.nodeName === decision.nodeName,
    terminating: ep.terminating,
    targetPod: ep.targetPod,
  }));
}

/** What kube-proxy's rules do with the packet on this node. */
export interface ServiceDecision {
  readonly verdict: 'dnat' | 'reject' | 'drop';
  readonly serviceName: string;
  readonly access: ServiceAccess;
  /** The chains traversed, e.g. KUBE-SERVICES -> KUBE-SVC-... -> KUBE-SEP-... */
  readonly chains: readonly string[];
  /** The endpoints the rules choose among, in rule order; each has probability 1/n (see {@link candidateList}). */
  readonly candidates: readonly ProxyEndpoint[];
  readonly chosen?: ProxyEndpoint;
  /** Position of the chosen endpoint among the candidates. */
  readonly chosenIndex?: number;
  /** The node the decision was made on. */
  readonly nodeName: string;
  /** Whether the packet is marked for MASQUERADE (SNAT to the node's address on the way out). */
  readonly masquerade: boolean;
  readonly masqueradeReason: string;
  /** `sessionAffinity: ClientIP` timeout: a client that connected before sticks to its earlier endpoint. */
  readonly affinitySeconds: number | null;
  readonly topologyMode: string;
  readonly usedTerminating: boolean;
  readonly reason: string;
}

const parsedCidrs = new Map<string, ReturnType<typeof parseCidr>>();

function ipv4Value(ip: string): bigint | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    const o = Number(p);
    if (!Number.isInteger(o) || o < 0 || o > 255 || p === '') return null;
    v = v * 256 + o;
  }
  return BigInt(v);
}

function inCidrs(ip: string, cidrs: readonly string[]): boolean {
  const v4 = ip.includes(':') ? null : ipv4Value(ip);
  return cidrs.some((c) => {
    let block = parsedCidrs.get(c);
    if (!block) {
      block = parseCidr(c);
      parsedCidrs.set(c, block);
    }
    if (v4 !== null) return block.family === 4 && block.first <= v4 && v4 <= block.last;
    return cidrContainsIp(block, ip);
  });
}

/** Walks the `-m statistic --mode random --probability 1/(n-i)` rules with a seeded random source. */
function walkStatistic(n: number, seed: number): number {
  const next = seededRandom(seed);
  for (let i = 0; i < n - 1; i += 1) if (next() < 1 / (n - i)) return i;
  return n - 1;
}

/**
 * Follows kube-proxy's iptables rules for one packet to a service port on one node (`pkg/proxy/iptables/proxier.go`):
 * - ClusterIP: no usable endpoint -> REJECT ("has no endpoints"), internalTrafficPolicy Local without local
 *   endpoints -> DROP; otherwise KUBE-SVC (or KUBE-SVL) with masquerade only for sources outside the cluster CIDR
 *   (or `masqueradeAll`);
 * - NodePort / external IP / load-balancer IP: KUBE-EXT; externalTrafficPolicy Cluster always masquerades;
 *   Local keeps the client IP and uses this node's endpoints, drops when there are none, except that pod traffic
 *   (source in the cluster CIDR) and the node's own traffic are sent to the cluster-wide endpoints;
 *   `loadBalancerSourceRanges` are enforced for LB IPs (KUBE-FW), never for NodePorts;
 * - the endpoint is chosen by walking the 1/n, 1/(n-1), ... rules with a seeded random source; a hairpin
 *   (the chosen endpoint is the source) is masqueraded by the KUBE-SEP rule.
 *
 * @example
 * decideService(sp, 'cluster-ip', node, config, { sourceIp: '10.244.1.5', sourceIsNode: false, seed: 1 }).chosen?.endpoint
 */
export function decideService(sp: ProxyServicePort, access: ServiceAccess, node: ProxyNode, config: KubeProxyConfig, packet: ServicePacket, plan: ServicePortPlan = planServicePort(sp, node, config)): ServiceDecision {
  const family = sp.clusterIP.includes(':') ? 6 : 4;
  const clusterCidrs = config.clusterCIDRs.filter((c) => c.includes(':') === (family === 6));
  const detectorImplemented = clusterCidrs.length > 0;
  const fromPod = detectorImplemented && inCidrs(packet.sourceIp, clusterCidrs);
  const base = {
    serviceName: sp.name,
    nodeName: node.name,
    access,
    affinitySeconds: sp.service.sessionAffinitySeconds,
    topologyMode: plan.categories.topologyMode,
    usedTerminating: plan.categories.usedTerminating,
  };
  const svcChain = `KUBE-SVC-${sp.hash}`;
  const svlChain = `KUBE-SVL-${sp.hash}`;
  const extChain = `KUBE-EXT-${sp.hash}`;
  const fwChain = `KUBE-FW-${sp.hash}`;
  const none = (verdict: 'reject' | 'drop', chains: string[], reason: string): ServiceDecision => ({ ...base, verdict, chains, candidates: [], masquerade: false, masqueradeReason: 'not forwarded', reason });

  let chains: string[] = ['KUBE-SERVICES'];
  let endpoints: readonly ProxyEndpoint[];
  let masquerade = false;
  let masqueradeReason = '';
  if (access === 'cluster-ip') {
    if (!plan.hasInternalEndpoints) {
      return plan.internalFilter === 'DROP'
        ? none('drop', ['filter KUBE-SERVICES'], `${sp.name} has no local endpoints on ${node.name} (internalTrafficPolicy Local): DROP`)
        : none('reject', ['filter KUBE-SERVICES'], `${sp.name} has no endpoints: REJECT`);
    }
    const local = plan.internalPolicy === 'local';
    chains.push(local ? svlChain : svcChain);
    endpoints = local ? plan.categories.localEndpoints : plan.categories.clusterEndpoints;
    if (config.masqueradeAll) {
      masquerade = true;
      masqueradeReason = 'masqueradeAll is set';
    } else if (detectorImplemented && !fromPod) {
      masquerade = true;
      masqueradeReason = `source ${packet.sourceIp} is outside the cluster CIDR (${clusterCidrs.join(', ')})`;
    } else {
      masqueradeReason = detectorImplemented ? 'pod source (inside the cluster CIDR): ClusterIP traffic keeps its source' : 'kube-proxy has no cluster CIDR to tell pod traffic apart: no masquerade rule';
    }
  } else {
    if (!plan.hasEndpoints) return none('reject', ['filter KUBE-EXTERNAL-SERVICES'], `${sp.name} has no endpoints: REJECT`);
    if (access === 'node-port') chains.push('KUBE-NODEPORTS');
    if (access === 'load-balancer' && plan.usesFirewallChain) {
      chains.push(fwChain);
      const allowed = inCidrs(packet.sourceIp, sp.loadBalancerSourceRanges) || (packet.sourceIsNode && sp.loadBalancerIPs.includes(packet.sourceIp));
      if (!allowed) return none('drop', [...chains, 'filter KUBE-PROXY-FIREWALL'], `source ${packet.sourceIp} is not in loadBalancerSourceRanges (${sp.loadBalancerSourceRanges.join(', ')}): DROP`);
    }
    chains.push(extChain);
    if (plan.externalPolicy === 'cluster') {
      masquerade = true;
      masqueradeReason = 'externalTrafficPolicy Cluster: external traffic is always masqueraded (the endpoint may be on another node)';
      chains.push(svcChain);
      endpoints = plan.categories.clusterEndpoints;
    } else if (fromPod) {
      masqueradeReason = 'externalTrafficPolicy Local, but pod traffic is short-circuited to the cluster-wide endpoints without SNAT';
      chains.push(svcChain);
      endpoints = plan.categories.clusterEndpoints;
    } else if (packet.sourceIsNode) {
      masquerade = true;
      masqueradeReason = 'externalTrafficPolicy Local, traffic from the node itself: masqueraded and sent to the cluster-wide endpoints';
      chains.push(svcChain);
      endpoints = plan.categories.clusterEndpoints;
    } else if (plan.hasExternalEndpoints) {
      masqueradeReason = 'externalTrafficPolicy Local: the client IP is kept (only this node\'s endpoints are used)';
      chains.push(svlChain);
      endpoints = plan.categories.localEndpoints;
    } else {
      return none('drop', [...chains, 'filter KUBE-EXTERNAL-SERVICES'], `${sp.name} has no local endpoints on ${node.name} (externalTrafficPolicy Local): DROP; the load balancer's health check (healthCheckNodePort ${sp.healthCheckNodePort || 'n/a'}) fails on this node`);
    }
  }
  const n = endpoints.length;
  if (n === 0) return none('reject', chains, `${sp.name}: no endpoint in the chosen set`);
  const chosenIndex = walkStatistic(n, packet.seed);
  const chosen = endpoints[chosenIndex]!;
  chains = [...chains, chosen.chain];
  if (chosen.ip === packet.sourceIp) {
    masquerade = true;
    masqueradeReason = 'hairpin: the chosen endpoint is the client itself (KUBE-SEP -s rule)';
  }
  return {
    ...base,
    verdict: 'dnat',
    chains,
    candidates: endpoints,
    chosen,
    chosenIndex,
    masquerade,
    masqueradeReason,
    reason: `DNAT to ${chosen.endpoint} (1 of ${n}${plan.categories.usedTerminating ? ', terminating fallback' : ''}${plan.categories.topologyMode ? `, ${plan.categories.topologyMode}` : ''})`,
  };
}
