import { masqueradeMark } from '../config';
import type { NodePlan, ServicePortPlan } from '../plan';
import type { ProxyEndpoint } from '../service-ports';

const probabilities: string[] = [];

/** `fmt.Sprintf("%0.10f", 1.0/n)`, the statistic-match probability kube-proxy writes for n endpoints left. */
export function probability(n: number): string {
  let p = probabilities[n];
  if (p === undefined) {
    p = (1 / n).toFixed(10);
    probabilities[n] = p;
  }
  return p;
}

function svc(plan: ServicePortPlan): string {
  return `KUBE-SVC-${plan.sp.hash}`;
}
function svl(plan: ServicePortPlan): string {
  return `KUBE-SVL-${plan.sp.hash}`;
}
function ext(plan: ServicePortPlan): string {
  return `KUBE-EXT-${plan.sp.hash}`;
}
function fw(plan: ServicePortPlan): string {
  return `KUBE-FW-${plan.sp.hash}`;
}
function clusterChain(plan: ServicePortPlan): string {
  return svc(plan);
}
function internalChain(plan: ServicePortPlan): string {
  return plan.internalPolicy === 'local' ? svl(plan) : svc(plan);
}
function externalPolicyChain(plan: ServicePortPlan): string {
  return plan.externalPolicy === 'local' ? svl(plan) : svc(plan);
}

/** How kube-proxy matches "from a pod" (`detectLocalMode: ClusterCIDR`), or null when it cannot tell. */
function localDetector(plan: NodePlan): { ifLocal: string; ifNotLocal: string } | null {
  const cidr = plan.config.clusterCIDRs.find((c) => c.includes(':') === (plan.family === 6));
  return cidr ? { ifLocal: `-s ${cidr}`, ifNotLocal: `! -s ${cidr}` } : null;
}

function endpointRules(plan: NodePlan, sp: ServicePortPlan, chain: string, endpoints: readonly ProxyEndpoint[], out: string[]): void {
  const name = sp.sp.name;
  const large = plan.largeClusterMode;
  const affinity = sp.sp.service.sessionAffinitySeconds;
  if (affinity !== null) {
    for (const ep of endpoints) {
      const comment = large ? '' : ` -m comment --comment "${name} -> ${ep.endpoint}"`;
      out.push(`-A ${chain}${comment} -m recent --name ${ep.chain} --rcheck --seconds ${affinity} --reap -j ${ep.chain}`);
    }
  }
  const n = endpoints.length;
  for (let i = 0; i < n; i += 1) {
    const ep = endpoints[i]!;
    const comment = large ? '' : ` -m comment --comment "${name} -> ${ep.endpoint}"`;
    out.push(i < n - 1 ? `-A ${chain}${comment} -m statistic --mode random --probability ${probability(n - i)} -j ${ep.chain}` : `-A ${chain}${comment} -j ${ep.chain}`);
  }
}

/** The nat-table rules of one service port's own chains, in chain order (EXT, FW, SVC, SVL, SEP...). */
function servicePortNatChains(plan: NodePlan, sp: ServicePortPlan, chains: string[], rules: string[] | null): void {
  if (rules === null) {
    if (sp.usesExternalChain) chains.push(`:${ext(sp)} - [0:0]`);
    if (sp.usesFirewallChain) chains.push(`:${fw(sp)} - [0:0]`);
    if (sp.usesClusterChain) chains.push(`:${svc(sp)} - [0:0]`);
    if (sp.usesLocalChain) chains.push(`:${svl(sp)} - [0:0]`);
    for (const ep of sp.categories.allReachableEndpoints) chains.push(`:${ep.chain} - [0:0]`);
    return;
  }
  const p = sp.sp;
  const name = p.name;
  const proto = p.protocol;
  const detector = localDetector(plan);
  const clusterIpMatch = `-m comment --comment "${name} cluster IP" -m ${proto} -p ${proto} -d ${p.clusterIP} --dport ${p.port.port}`;
  if (sp.usesExternalChain) {
    chains.push(`:${ext(sp)} - [0:0]`);
    if (sp.externalPolicy === 'cluster') {
      rules.push(`-A ${ext(sp)} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`);
    } else {
      if (detector) rules.push(`-A ${ext(sp)} -m comment --comment "pod traffic for ${name} external destinations" ${detector.ifLocal} -j ${clusterChain(sp)}`);
      rules.push(`-A ${ext(sp)} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
      rules.push(`-A ${ext(sp)} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${clusterChain(sp)}`);
    }
    if (sp.hasExternalEndpoints) rules.push(`-A ${ext(sp)} -j ${externalPolicyChain(sp)}`);
  }
  if (sp.usesFirewallChain) {
    chains.push(`:${fw(sp)} - [0:0]`);
    const head = `-A ${fw(sp)} -m comment --comment "${name} loadbalancer IP"`;
    let allowFromNode = false;
    const nodeIp = plan.node.addresses.find((a) => a.includes(':') === (plan.family === 6));
    for (const src of p.loadBalancerSourceRanges) {
      rules.push(`${head} -s ${src} -j ${ext(sp)}`);
      if (nodeIp && cidrHas(src, nodeIp)) allowFromNode = true;
    }
    if (allowFromNode) for (const lbip of p.loadBalancerIPs) rules.push(`${head} -s ${lbip} -j ${ext(sp)}`);
    rules.push(`-A ${fw(sp)} -m comment --comment "other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL"`);
  }
  const withMasq = (chain: string) => {
    if (!sp.hasInternalEndpoints || chain !== internalChain(sp)) return;
    if (plan.config.masqueradeAll) rules.push(`-A ${chain} ${clusterIpMatch} -j KUBE-MARK-MASQ`);
    else if (detector) rules.push(`-A ${chain} ${clusterIpMatch} ${detector.ifNotLocal} -j KUBE-MARK-MASQ`);
  };
  if (sp.usesClusterChain) {
    chains.push(`:${svc(sp)} - [0:0]`);
    withMasq(svc(sp));
    endpointRules(plan, sp, svc(sp), sp.categories.clusterEndpoints, rules);
  }
  if (sp.usesLocalChain) {
    chains.push(`:${svl(sp)} - [0:0]`);
    withMasq(svl(sp));
    endpointRules(plan, sp, svl(sp), sp.categories.localEndpoints, rules);
  }
  const comment = plan.largeClusterMode ? '' : ` -m comment --comment ${name}`;
  const affinity = p.service.sessionAffinitySeconds !== null;
  for (const ep of sp.categories.allReachableEndpoints) {
    chains.push(`:${ep.chain} - [0:0]`);
    rules.push(`-A ${ep.chain}${comment} -s ${ep.ip} -j KUBE-MARK-MASQ`);
    rules.push(`-A ${ep.chain}${comment}${affinity ? ` -m recent --name ${ep.chain} --set` : ''} -m ${proto} -p ${proto} -j DNAT --to-destination ${ep.endpoint}`);
  }
}

function cidrHas(cidr: string, ip: string): boolean {
  const [base, prefixText] = cidr.split('/');
  if (!base || prefixText === undefined || base.includes(':') || ip.includes(':')) return false;
  const toInt = (s: string) => s.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(toInt(base) / size) * size;
  const v = toInt(ip);
  return v >= start && v < start + size;
}

/**
 * The ruleset kube-proxy's iptables mode programs on a node, as `iptables-save` lists it: the `*filter` and `*nat`
 * tables with the built-in chains' jumps into kube-proxy's chains (as kube-proxy and kubelet install them), every
 * kube-proxy chain declared, and the rules grouped by chain. Rule arguments are in the order kube-proxy writes them
 * to iptables-restore (`pkg/proxy/iptables/proxier.go`), so the output loads with `iptables-restore` into an empty
 * namespace. Returned as lines (large rulesets do not fit one string); join with `\n`.
 *
 * @example
 * [...iptablesSaveLines(planNode(state, node, config))].join('\n')
 */
export function* iptablesSaveLines(plan: NodePlan): Generator<string> {
  const mark = masqueradeMark(plan.config.masqueradeBit);
  const v6 = plan.family === 6;
  const tool = v6 ? 'ip6tables-save' : 'iptables-save';
  yield `# Generated by podnet (kube-proxy iptables mode, node ${plan.node.name}); loadable with ${v6 ? 'ip6tables-restore' : 'iptables-restore'}, same layout as ${tool}`;

  // ---- filter ----
  const fChains: string[] = [];
  const fServices: string[] = [];
  const fExternal: string[] = [];
  const fNodePorts: string[] = [];
  const fFirewall: string[] = [];
  for (const sp of plan.ports) {
    const p = sp.sp;
    const name = p.name;
    const proto = p.protocol;
    const dport = `--dport ${p.port.port}`;
    if (!sp.hasInternalEndpoints && sp.internalFilter) {
      const c = sp.internalFilter === 'REJECT' ? `"${name} has no endpoints"` : `"${name} has no local endpoints"`;
      fServices.push(`-A KUBE-SERVICES -m comment --comment ${c} -m ${proto} -p ${proto} -d ${p.clusterIP} ${dport} -j ${sp.internalFilter}`);
    }
    const extComment = sp.externalFilter === 'REJECT' ? `"${name} has no endpoints"` : `"${name} has no local endpoints"`;
    for (const ip of p.externalIPs) {
      if (!sp.hasExternalEndpoints && sp.externalFilter) fExternal.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${sp.externalFilter}`);
    }
    for (const ip of p.loadBalancerIPs) {
      if (sp.usesFirewallChain) fFirewall.push(`-A KUBE-PROXY-FIREWALL -m comment --comment "${name} traffic not accepted by KUBE-FW-${p.hash}" -m ${proto} -p ${proto} -d ${ip} ${dport} -j DROP`);
    }
    if (!sp.hasExternalEndpoints && sp.externalFilter) {
      for (const ip of p.loadBalancerIPs) fExternal.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${sp.externalFilter}`);
      if (p.nodePort !== 0) fExternal.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} -m addrtype --dst-type LOCAL -m ${proto} -p ${proto} --dport ${p.nodePort} -j ${sp.externalFilter}`);
    }
    if (p.healthCheckNodePort !== 0) fNodePorts.push(`-A KUBE-NODEPORTS -m comment --comment "${name} health check node port" -m tcp -p tcp --dport ${p.healthCheckNodePort} -j ACCEPT`);
  }
  yield '*filter';
  yield ':INPUT ACCEPT [0:0]';
  yield ':FORWARD ACCEPT [0:0]';
  yield ':OUTPUT ACCEPT [0:0]';
  for (const c of ['KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-CANARY', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES', ...fChains]) yield `:${c} - [0:0]`;
  yield '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL';
  yield '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS';
  yield '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES';
  yield '-A INPUT -j KUBE-FIREWALL';
  yield '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL';
  yield '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD';
  yield '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES';
  yield '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES';
  yield '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL';
  yield '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES';
  yield '-A OUTPUT -j KUBE-FIREWALL';
  yield* fExternal;
  if (!v6 && plan.config.localhostNodePorts) {
    yield '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP';
  }
  yield '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP';
  yield `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`;
  yield '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';
  yield* fNodePorts;
  yield* fFirewall;
  yield* fServices;
  yield 'COMMIT';

  // ---- nat ----
  const nServices: string[] = [];
  const nNodePorts: string[] = [];
  for (const sp of plan.ports) {
    const p = sp.sp;
    const name = p.name;
    const proto = p.protocol;
    const dport = `--dport ${p.port.port}`;
    if (sp.hasInternalEndpoints) nServices.push(`-A KUBE-SERVICES -m comment --comment "${name} cluster IP" -m ${proto} -p ${proto} -d ${p.clusterIP} ${dport} -j ${internalChain(sp)}`);
    if (sp.hasEndpoints) {
      for (const ip of p.externalIPs) nServices.push(`-A KUBE-SERVICES -m comment --comment "${name} external IP" -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${ext(sp)}`);
      for (const ip of p.loadBalancerIPs) nServices.push(`-A KUBE-SERVICES -m comment --comment "${name} loadbalancer IP" -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${sp.usesFirewallChain ? fw(sp) : ext(sp)}`);
      if (p.nodePort !== 0) nNodePorts.push(`-A KUBE-NODEPORTS -m comment --comment ${name} -m ${proto} -p ${proto} --dport ${p.nodePort} -j ${ext(sp)}`);
    }
  }
  const npAll = plan.config.nodePortAddresses.length === 0;
  if (npAll) {
    const extra = v6 ? ' ! -d ::1/128' : plan.config.localhostNodePorts ? '' : ' ! -d 127.0.0.0/8';
    nServices.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL${extra} -j KUBE-NODEPORTS`);
  } else {
    for (const ip of plan.node.addresses.filter((a) => a.includes(':') === v6 && plan.config.nodePortAddresses.some((c) => c === 'primary' || cidrHas(c, a)))) {
      nServices.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d ${ip} -j KUBE-NODEPORTS`);
    }
  }
  yield '*nat';
  yield ':PREROUTING ACCEPT [0:0]';
  yield ':INPUT ACCEPT [0:0]';
  yield ':OUTPUT ACCEPT [0:0]';
  yield ':POSTROUTING ACCEPT [0:0]';
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-PROXY-CANARY']) yield `:${c} - [0:0]`;
  // Per-service chains: every declaration precedes every rule (two passes, nothing kept for the whole cluster).
  for (const sp of plan.ports) {
    const chains: string[] = [];
    servicePortNatChains(plan, sp, chains, null);
    yield* chains;
  }
  yield '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES';
  yield '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES';
  yield '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING';
  yield* nServices;
  yield* nNodePorts;
  yield `-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`;
  yield `-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`;
  yield `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${plan.config.randomFully ? ' --random-fully' : ''}`;
  yield `-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`;
  for (const sp of plan.ports) {
    const rules: string[] = [];
    servicePortNatChains(plan, sp, [], rules);
    yield* rules;
  }
  yield 'COMMIT';
  yield `# Completed by podnet`;
}
