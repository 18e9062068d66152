import type { Inventory, LabelSelector, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from '@podnet/contracts';
import { collectAdminIpPeers, pendingAdminPolicies, type PendingRule } from './compile-admin';
import { ipBlockRangesOf } from './ranges';
import { defaultIpBlockMatchesPods } from './defaults';
import { policyNodes, policyPods, type PolicyPod } from './endpoints';
import { cidrRange, IPV4_MAX } from './ipv4';
import { PortSetTable, type L4Protocol } from './port-set';
import { formatSelector } from './selector';
import { Membership } from './membership';
import type { CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, PolicyClass, PolicyIndex, PolicyOptions } from './types';

/** Compiled port entries of a NetworkPolicy rule; protocol defaults to TCP (API reference). */
function compilePorts(ports: readonly NetworkPolicyPort[] | null | undefined): CompiledPort[] | null {
  if (!ports || ports.length === 0) return null;
  return ports.map((p, index) => {
    const protocol = (p.protocol ?? 'TCP') as L4Protocol;
    if (typeof p.port === 'string') return { index, protocol, name: p.port };
    return { index, protocol, ...(p.port !== undefined ? { port: p.port } : {}), ...(p.endPort !== undefined ? { endPort: p.endPort } : {}) };
  });
}

/**
 * Compiles the NetworkPolicies, AdminNetworkPolicies and BaselineAdminNetworkPolicy of an inventory once:
 * pods are grouped into classes by what every selector and ipBlock sees, and every selection is resolved to
 * classes. Pure; never mutates the inventory.
 *
 * @example
 * const index = compilePolicyIndex(inventory, { ipBlockMatchesPods: false });
 * evaluateConnection(index, { pod: 'shop/web-0' }, { pod: 'shop/db-0' }, 5432, 'TCP').allowed
 */
export function compilePolicyIndex(inventory: Inventory, options: PolicyOptions = {}): PolicyIndex {
  const opts: Required<PolicyOptions> = {
    ipBlockMatchesPods: options.ipBlockMatchesPods ?? defaultIpBlockMatchesPods(inventory.design.cni.plugin),
    hostNetwork: options.hostNetwork ?? 'node',
  };
  const warnings: string[] = [];
  const nodes = policyNodes(inventory);
  const pods = policyPods(inventory, nodes);
  const nsLabels = new Map(inventory.namespaces.map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  for (const p of pods) if (!nsLabels.has(p.namespace)) nsLabels.set(p.namespace, { 'kubernetes.io/metadata.name': p.namespace });

  // IP-range peers first: their boundaries split the IPv4 space, and pods seen by IP join them.
  const ipPeerRanges: [number, number][][] = [];
  const npIpPeer = new Map<string, number>();
  inventory.networkPolicies.forEach((np, i) => {
    const visit = (rules: readonly { from?: unknown; to?: unknown }[] | null | undefined, dir: string) =>
      (rules ?? []).forEach((rule, r) => {
        const peers = ((dir === 'ingress' ? rule.from : rule.to) ?? []) as { ipBlock?: { cidr: string; except?: string[] | null } | null }[];
        peers.forEach((peer, k) => {
          if (!peer.ipBlock) return;
          if (!cidrRange(peer.ipBlock.cidr)) warnings.push(`NetworkPolicy ${np.metadata.namespace}/${np.metadata.name} ${dir}[${r}] peer ${k}: IPv6 ipBlock ${peer.ipBlock.cidr} is ignored (IPv4 only)`);
          npIpPeer.set(`${i}/${dir}/${r}/${k}`, ipPeerRanges.length);
          ipPeerRanges.push(ipBlockRangesOf(peer.ipBlock.cidr, peer.ipBlock.except ?? []));
        });
      });
    visit(np.spec.ingress, 'ingress');
    visit(np.spec.egress, 'egress');
  });
  const adminIpIds = collectAdminIpPeers(inventory, nodes, ipPeerRanges);

  const boundSet = new Set<number>([0]);
  for (const ranges of ipPeerRanges) {
    for (const [lo, hi] of ranges) {
      boundSet.add(lo);
      if (hi < IPV4_MAX) boundSet.add(hi + 1);
    }
  }
  const bounds = [...boundSet].sort((a, b) => a - b);

  const membership = new Membership(pods, nsLabels, opts, bounds, ipPeerRanges);
  const sel = (ns: string | null, nsSelector: LabelSelector | null | undefined, podSelector: LabelSelector | null | undefined) =>
    membership.select(ns, nsSelector, podSelector);

  // NetworkPolicies: targets and peers as membership sets (of pre-classes), resolved to classes below.
  const pending = inventory.networkPolicies.map((np, i) => {
    const ns = np.metadata.namespace ?? 'default';
    const spec = np.spec;
    // API defaulting: an unset or empty policyTypes means Ingress, plus Egress when egress has a rule.
    const types = spec.policyTypes && spec.policyTypes.length > 0 ? spec.policyTypes : spec.egress && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    const key = `${ns}/${np.metadata.name}`;
    const rules = (dir: 'ingress' | 'egress'): PendingRule[] | null => {
      if (!types.includes(dir === 'ingress' ? 'Ingress' : 'Egress')) return null;
      const list = (dir === 'ingress' ? spec.ingress : spec.egress) ?? [];
      return list.map((rule, r) => {
        const rawPeers: readonly NetworkPolicyPeer[] = (dir === 'ingress' ? (rule as NetworkPolicyIngressRule).from : (rule as NetworkPolicyEgressRule).to) ?? [];
        const ports = compilePorts(rule.ports);
        const peers = rawPeers.length === 0 ? null : rawPeers.map((peer, k) => {
          if (peer.ipBlock) {
            const ipPeer = npIpPeer.get(`${i}/${dir}/${r}/${k}`) ?? -1;
            const ex = peer.ipBlock.except ?? [];
            if (dir === 'egress' && ports?.some((p) => p.name !== undefined)) warnings.push(`NetworkPolicy ${key} egress[${r}]: a named port cannot resolve on the ipBlock peer ${k} (${peer.ipBlock.cidr}); it allows nothing there`);
            return { text: `ipBlock ${peer.ipBlock.cidr}${ex.length ? ` except ${ex.join(',')}` : ''}`, set: membership.ipPeerSet(ipPeer), ranges: ipPeerRanges[ipPeer] ?? [] };
          }
          const text = [peer.namespaceSelector ? `namespaceSelector ${formatSelector(peer.namespaceSelector)}` : '', peer.podSelector ? `podSelector ${formatSelector(peer.podSelector)}` : ''].filter(Boolean).join(' + ');
          return { text, set: sel(peer.namespaceSelector ? null : ns, peer.namespaceSelector, peer.podSelector ?? {}), ranges: [] };
        });
        return { ref: { kind: 'NetworkPolicy', policy: key, direction: dir, ruleIndex: r }, peers, ports } as PendingRule;
      });
    };
    return { key, ns, name: np.metadata.name, target: sel(ns, undefined, spec.podSelector), ingress: rules('ingress'), egress: rules('egress') };
  });
  const pendingAdmin = pendingAdminPolicies(inventory, sel, (i) => membership.ipPeerSet(i), adminIpIds, ipPeerRanges);

  // Classes: pre-classes with the same sets and the same named ports.
  const { classOfPre, classPreReps, toClasses } = membership.classes();
  const table = new PortSetTable();
  let ruleId = 0;
  const staticPorts = (ports: CompiledPort[] | null): number | undefined => {
    if (ports === null) return PortSetTable.ALL;
    if (ports.some((p) => p.name !== undefined)) return undefined;
    return ports.reduce((acc, p) => table.union(acc, table.of(p.protocol, p.port ?? 1, p.port === undefined ? 65535 : (p.endPort ?? p.port))), PortSetTable.NONE);
  };
  const finishRule = (p: PendingRule): CompiledRule => {
    const peers: CompiledPeer[] | null = p.peers ? p.peers.map((x, index) => ({ index, text: x.text, classes: toClasses(x.set), ranges: x.ranges })) : null;
    const sp = staticPorts(p.ports);
    return { id: ruleId++, ref: p.ref, peers, ports: p.ports, ...(sp !== undefined ? { staticPorts: sp } : {}) };
  };
  const policies: CompiledPolicy[] = pending.map((p, id) => ({
    id,
    key: p.key,
    namespace: p.ns,
    name: p.name,
    targets: toClasses(p.target),
    ingress: p.ingress ? p.ingress.map(finishRule) : null,
    egress: p.egress ? p.egress.map(finishRule) : null,
  }));
  const adminPolicies = pendingAdmin.map((a) => ({ ...a, subject: toClasses(a.subject), ingress: a.ingress.map(finishRule), egress: a.egress.map(finishRule) }));

  const classes: PolicyClass[] = classPreReps.map((pre, id) => ({
    id,
    pods: [],
    ports: pre.ports,
    portsKey: pre.portsKeyId,
    hostNetworkAsNode: !pre.visible,
    ingressPolicies: [],
    egressPolicies: [],
    ingressRules: [],
    egressRules: [],
    admin: [],
    baseline: undefined,
  }));
  const classOfPod = new Map<string, number>();
  pods.forEach((pod, i) => {
    const c = classOfPre(membership.preOfPod(i));
    classOfPod.set(pod.key, c);
    classes[c]!.pods.push(pod);
  });
  for (const policy of policies) {
    for (const c of policy.targets) {
      const cls = classes[c]!;
      if (policy.ingress) {
        cls.ingressPolicies.push(policy.id);
        cls.ingressRules.push(...policy.ingress);
      }
      if (policy.egress) {
        cls.egressPolicies.push(policy.id);
        cls.egressRules.push(...policy.egress);
      }
    }
  }
  for (const a of adminPolicies) {
    for (const c of a.subject) {
      const cls = classes[c]!;
      if (a.kind === 'BaselineAdminNetworkPolicy') cls.baseline = a;
      else cls.admin.push(a);
    }
  }
  for (const cls of classes) cls.admin.sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const memo = new Map<number, number>();
  const rulePorts = (rule: CompiledRule, dstClass: number | undefined): number => {
    if (rule.staticPorts !== undefined) return rule.staticPorts;
    const ports = rule.ports ?? [];
    const dstPorts = dstClass === undefined ? [] : (classes[dstClass]?.ports ?? []);
    const key = rule.id * 2 ** 21 + (dstClass === undefined ? 0 : (classes[dstClass]?.portsKey ?? 0) + 1);
    const known = memo.get(key);
    if (known !== undefined) return known;
    let acc = PortSetTable.NONE;
    for (const p of ports) {
      if (p.name === undefined) acc = table.union(acc, table.of(p.protocol, p.port ?? 1, p.port === undefined ? 65535 : (p.endPort ?? p.port)));
      else for (const c of dstPorts) if (c.name === p.name && (p.anyProtocol || c.protocol === p.protocol)) acc = table.union(acc, table.of(c.protocol, c.port, c.port));
    }
    memo.set(key, acc);
    return acc;
  };

  const podByKey = new Map(pods.map((p) => [p.key, p]));
  const podByIp = new Map<number, PolicyPod>();
  for (const p of pods) if (p.ip !== undefined && !p.hostNetwork && !podByIp.has(p.ip)) podByIp.set(p.ip, p);
  return { options: opts, ports: table, pods, podByKey, podByIp, classOfPod, classes, policies, adminPolicies, nodes, bounds, warnings, rulePorts };
}

