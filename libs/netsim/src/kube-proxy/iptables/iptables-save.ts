import { masqueradeMark } from '../config';
import type { NodePlan, ServicePortPlan } from '../plan';
import type { ProxyEndpoint, ProxyServicePort } from '../service-ports';

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

const probabilityJumps: string[] = [];

/** `probability(n)` followed by ` -j `: one piece per rule in large rulesets. */
function probabilityJump(n: number): string {
  let p = probabilityJumps[n];
  if (p === undefined) {
    p = `${probability(n)} -j `;
    probabilityJumps[n] = p;
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

function endpointRules(plan: NodePlan, sp: ServicePortPlan, chain: string, endpoints: readonly ProxyEndpoint[]): string {
  const name = sp.sp.name;
  const large = plan.largeClusterMode;
  const affinity = sp.sp.service.sessionAffinitySeconds;
  // Pieces joined once per chain: no intermediate string per rule.
  const parts: (string | number)[] = [];
  if (affinity !== null) {
    for (const ep of endpoints) {
      parts.push('-A ', chain);
      if (!large) parts.push(' -m comment --comment "', name, ' -> ', ep.endpoint, '"');
      parts.push(' -m recent --name ', ep.chain, ' --rcheck --seconds ', affinity, ' --reap -j ', ep.chain, '\n');
    }
  }
  const n = endpoints.length;
  // Pieces kept few per rule (2.5 million rules in a large cluster): the constant head of the rule is one piece.
  const statistic = `-A ${chain} -m statistic --mode random --probability `;
  for (let i = 0; i < n; i += 1) {
    const ep = endpoints[i]!;
    if (large) {
      if (i < n - 1) parts.push(statistic, probabilityJump(n - i), ep.chain, '\n');
      else parts.push('-A ', chain, ' -j ', ep.chain, '\n');
      continue;
    }
    parts.push('-A ', chain, ' -m comment --comment "', name, ' -> ', ep.endpoint, '"');
    if (i < n - 1) parts.push(' -m statistic --mode random --probability ', probability(n - i));
    parts.push(' -j ', ep.chain, '\n');
  }
  return parts.join('');
}

/** The KUBE-SEP chains' two rules of each endpoint (hairpin masquerade, DNAT), joined once. */
function sepRules(plan: NodePlan, p: ProxyServicePort, endpoints: readonly ProxyEndpoint[]): string {
  const comment = plan.largeClusterMode ? '' : ` -m comment --comment ${p.name}`;
  const affinity = p.service.sessionAffinitySeconds !== null;
  const dnat = ` -m ${p.protocol} -p ${p.protocol} -j DNAT --to-destination `;
  const parts: string[] = [];
  if (comment === '' && !affinity) {
    // Large rulesets: the fewest pieces per endpoint (no empty comment pieces).
    for (const ep of endpoints) {
      const chain = ep.chain;
      parts.push('-A ', chain, ' -s ', ep.ip, ' -j KUBE-MARK-MASQ\n-A ', chain, dnat, ep.endpoint, '\n');
    }
    return parts.join('');
  }
  for (const ep of endpoints) {
    parts.push('-A ', ep.chain, comment, ' -s ', ep.ip, ' -j KUBE-MARK-MASQ\n-A ', ep.chain, comment);
    if (affinity) parts.push(' -m recent --name ', ep.chain, ' --set');
    parts.push(dnat, ep.endpoint, '\n');
  }
  return parts.join('');
}

/** The KUBE-SEP chain declarations: the chain names joined once with the text between them. */
function sepDeclarations(endpoints: readonly ProxyEndpoint[]): string {
  if (endpoints.length === 0) return '';
  const chains: string[] = [];
  for (const ep of endpoints) chains.push(ep.chain);
  return `:${chains.join(' - [0:0]\n:')} - [0:0]\n`;
}

/**
 * Text that does not depend on the node, kept per service port: with no topology filtering and Cluster policies,
 * every node gets the same KUBE-SVC chain and the same KUBE-SEP chains (only the set of nodes differs, not the
 * rules), so the text is written for the first node and reused for the others.
 */
interface SharedText {
  readonly key: string;
  svcRules?: string;
  sepDeclarations?: string;
  sepRules?: string;
}
const sharedText = new WeakMap<ProxyServicePort, SharedText>();

function shared(plan: NodePlan, sp: ServicePortPlan): SharedText {
  const detector = localDetector(plan);
  const key = `${plan.largeClusterMode}|${plan.config.masqueradeAll}|${detector?.ifNotLocal ?? ''}|${sp.hasInternalEndpoints}|${sp.internalPolicy}`;
  let entry = sharedText.get(sp.sp);
  if (!entry || entry.key !== key) {
    entry = { key };
    sharedText.set(sp.sp, entry);
  }
  return entry;
}

/** The chain declarations of one service port's own chains (EXT, FW, SVC, SVL, SEP...), one string. */
function servicePortDeclarations(plan: NodePlan, sp: ServicePortPlan): string {
  const h = sp.sp.hash;
  let out = '';
  if (sp.usesExternalChain) out += `:KUBE-EXT-${h} - [0:0]\n`;
  if (sp.usesFirewallChain) out += `:KUBE-FW-${h} - [0:0]\n`;
  if (sp.usesClusterChain) out += `:KUBE-SVC-${h} - [0:0]\n`;
  if (sp.usesLocalChain) out += `:KUBE-SVL-${h} - [0:0]\n`;
  const reachable = sp.categories.allReachableEndpoints;
  if (reachable === sp.sp.readyEndpoints) {
    const entry = shared(plan, sp);
    // Built with join: one flat string kept per service port rather than a rope per endpoint.
    entry.sepDeclarations ??= sepDeclarations(reachable);
    return out + entry.sepDeclarations;
  }
  return out + sepDeclarations(reachable);
}

/** The nat-table rules of one service port's own chains, in chain order (EXT, FW, SVC, SVL, SEP...), one string. */
function servicePortNatRules(plan: NodePlan, sp: ServicePortPlan): string {
  const p = sp.sp;
  const name = p.name;
  const proto = p.protocol;
  const detector = localDetector(plan);
  const clusterIpMatch = `-m comment --comment "${name} cluster IP" -m ${proto} -p ${proto} -d ${p.clusterIP} --dport ${p.port.port}`;
  let out = '';
  if (sp.usesExternalChain) {
    if (sp.externalPolicy === 'cluster') {
      out += `-A ${ext(sp)} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ\n`;
    } else {
      if (detector) out += `-A ${ext(sp)} -m comment --comment "pod traffic for ${name} external destinations" ${detector.ifLocal} -j ${clusterChain(sp)}\n`;
      out += `-A ${ext(sp)} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ\n`;
      out += `-A ${ext(sp)} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${clusterChain(sp)}\n`;
    }
    if (sp.hasExternalEndpoints) out += `-A ${ext(sp)} -j ${externalPolicyChain(sp)}\n`;
  }
  if (sp.usesFirewallChain) {
    const head = `-A ${fw(sp)} -m comment --comment "${name} loadbalancer IP"`;
    let allowFromNode = false;
    const nodeIp = plan.node.addresses.find((a) => a.includes(':') === (plan.family === 6));
    for (const src of p.loadBalancerSourceRanges) {
      out += `${head} -s ${src} -j ${ext(sp)}\n`;
      if (nodeIp && cidrHas(src, nodeIp)) allowFromNode = true;
    }
    if (allowFromNode) for (const lbip of p.loadBalancerIPs) out += `${head} -s ${lbip} -j ${ext(sp)}\n`;
    out += `-A ${fw(sp)} -m comment --comment "other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL"\n`;
  }
  const masq = (chain: string): string => {
    if (!sp.hasInternalEndpoints || chain !== internalChain(sp)) return '';
    if (plan.config.masqueradeAll) return `-A ${chain} ${clusterIpMatch} -j KUBE-MARK-MASQ\n`;
    if (detector) return `-A ${chain} ${clusterIpMatch} ${detector.ifNotLocal} -j KUBE-MARK-MASQ\n`;
    return '';
  };
  const common = sp.categories.clusterEndpoints === p.readyEndpoints;
  if (sp.usesClusterChain) {
    if (common) {
      const entry = shared(plan, sp);
      entry.svcRules ??= [masq(svc(sp)), endpointRules(plan, sp, svc(sp), sp.categories.clusterEndpoints)].join('');
      out += entry.svcRules;
    } else out += masq(svc(sp)) + endpointRules(plan, sp, svc(sp), sp.categories.clusterEndpoints);
  }
  if (sp.usesLocalChain) out += masq(svl(sp)) + endpointRules(plan, sp, svl(sp), sp.categories.localEndpoints);
  const reachable = sp.categories.allReachableEndpoints;
  if (reachable === p.readyEndpoints) {
    const entry = shared(plan, sp);
    entry.sepRules ??= sepRules(plan, p, reachable);
    return out + entry.sepRules;
  }
  return out + sepRules(plan, p, reachable);
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
 * namespace. Returned as chunks of whole lines, each ending in a newline (large rulesets do not fit one string).
 *
 * @example
 * [...iptablesSaveText(planNode(state, node, config))].join('')
 */
export function* iptablesSaveText(plan: NodePlan): Generator<string> {
  const mark = masqueradeMark(plan.config.masqueradeBit);
  const v6 = plan.family === 6;
  const tool = v6 ? 'ip6tables-save' : 'iptables-save';
  yield `# Generated by podnet (kube-proxy iptables mode, node ${plan.node.name}); loadable with ${v6 ? 'ip6tables-restore' : 'iptables-restore'}, same layout as ${tool}\n`;

  // ---- filter ----
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
  yield '*filter\n';
  yield ':INPUT ACCEPT [0:0]\n';
  yield ':FORWARD ACCEPT [0:0]\n';
  yield ':OUTPUT ACCEPT [0:0]\n';
  for (const c of ['KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-CANARY', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES']) yield `:${c} - [0:0]\n`;
  yield '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n';
  yield '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS\n';
  yield '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n';
  yield '-A INPUT -j KUBE-FIREWALL\n';
  yield '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n';
  yield '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD\n';
  yield '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n';
  yield '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n';
  yield '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n';
  yield '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n';
  yield '-A OUTPUT -j KUBE-FIREWALL\n';
  if (fExternal.length > 0) yield `${fExternal.join('\n')}\n`;
  if (!v6 && plan.config.localhostNodePorts) {
    yield '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n';
  }
  yield '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n';
  yield `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT\n`;
  yield '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n';
  if (fNodePorts.length > 0) yield `${fNodePorts.join('\n')}\n`;
  if (fFirewall.length > 0) yield `${fFirewall.join('\n')}\n`;
  if (fServices.length > 0) yield `${fServices.join('\n')}\n`;
  yield 'COMMIT\n';

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
  yield '*nat\n';
  yield ':PREROUTING ACCEPT [0:0]\n';
  yield ':INPUT ACCEPT [0:0]\n';
  yield ':OUTPUT ACCEPT [0:0]\n';
  yield ':POSTROUTING ACCEPT [0:0]\n';
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-PROXY-CANARY']) yield `:${c} - [0:0]\n`;
  // Per-service chains: every declaration precedes every rule (two passes; chunks of ~64 KB).
  let chunk = '';
  for (const sp of plan.ports) {
    chunk += servicePortDeclarations(plan, sp);
    if (chunk.length > 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
  yield '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n';
  yield '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n';
  yield '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n';
  if (nServices.length > 0) yield `${nServices.join('\n')}\n`;
  if (nNodePorts.length > 0) yield `${nNodePorts.join('\n')}\n`;
  yield `-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN\n`;
  yield `-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}\n`;
  yield `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${plan.config.randomFully ? ' --random-fully' : ''}\n`;
  yield `-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}\n`;
  chunk = '';
  for (const sp of plan.ports) {
    chunk += servicePortNatRules(plan, sp);
    if (chunk.length > 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
  yield 'COMMIT\n';
  yield `# Completed by podnet\n`;
}

/**
 * The same ruleset as single lines (convenient for tests and small clusters).
 *
 * @example
 * [...iptablesSaveLines(plan)].includes('*nat') // => true
 */
export function* iptablesSaveLines(plan: NodePlan): Generator<string> {
  for (const chunk of iptablesSaveText(plan)) {
    const lines = chunk.split('\n');
    lines.pop();
    yield* lines;
  }
}
