import type { Inventory, LabelSelector } from '@podnet/contracts';
import type { PolicyNode } from './endpoints';
import { ipBlockRangesOf } from './ranges';
import { compileSelector, formatSelector } from './selector';
import type { CompiledPort, RuleRef } from './types';

/** A rule whose selections are still membership sets (resolved to classes once classes exist). */
export interface PendingRule {
  ref: RuleRef;
  peers: { text: string; set: number; ranges: [number, number][] }[] | null;
  ports: CompiledPort[] | null;
}

/** An ANP/BANP whose selections are still membership sets. */
export interface PendingAdmin {
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  name: string;
  priority: number;
  subject: number;
  ingress: PendingRule[];
  egress: PendingRule[];
}

type Select = (ns: string | null, nsSelector: LabelSelector | null | undefined, podSelector: LabelSelector | null | undefined) => number;

interface AnpPeer {
  namespaces?: LabelSelector;
  pods?: { namespaceSelector: LabelSelector; podSelector: LabelSelector };
  networks?: string[];
  nodes?: LabelSelector;
}
interface AnpRule {
  action: string;
  from?: AnpPeer[];
  to?: AnpPeer[];
  ports?: { portNumber?: { protocol: string; port: number }; namedPort?: string; portRange?: { protocol: string; start: number; end: number } }[];
}
interface AnpLike {
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  name: string;
  priority: number;
  subject: { namespaces?: LabelSelector; pods?: { namespaceSelector: LabelSelector; podSelector: LabelSelector } };
  ingress: AnpRule[];
  egress: AnpRule[];
}

function adminObjects(inventory: Inventory): AnpLike[] {
  return [
    ...inventory.adminNetworkPolicies.map((a) => ({ kind: 'AdminNetworkPolicy' as const, name: a.metadata.name, priority: a.spec.priority, subject: a.spec.subject, ingress: (a.spec.ingress ?? []) as AnpRule[], egress: (a.spec.egress ?? []) as AnpRule[] })),
    ...inventory.baselineAdminNetworkPolicies.map((b) => ({ kind: 'BaselineAdminNetworkPolicy' as const, name: b.metadata.name, priority: Number.POSITIVE_INFINITY, subject: b.spec.subject, ingress: (b.spec.ingress ?? []) as AnpRule[], egress: (b.spec.egress ?? []) as AnpRule[] })),
  ];
}

/**
 * Registers the IP-range peers of ANPs/BANPs (`networks`, and `nodes` as their InternalIPs) in `ipPeerRanges`
 * and returns their ids by `kind/name/direction/rule/peer`.
 *
 * @example
 * collectAdminIpPeers(inventory, policyNodes(inventory), ranges).get('AdminNetworkPolicy/egress-deny/egress/0/0') // => 0
 */
export function collectAdminIpPeers(inventory: Inventory, nodes: readonly PolicyNode[], ipPeerRanges: [number, number][][]): Map<string, number> {
  const ids = new Map<string, number>();
  for (const a of adminObjects(inventory)) {
    for (const dir of ['ingress', 'egress'] as const) {
      a[dir].forEach((rule, r) => {
        (dir === 'ingress' ? rule.from : rule.to)?.forEach((peer, k) => {
          let ranges: [number, number][] | undefined;
          if (peer.networks) ranges = peer.networks.flatMap((n) => ipBlockRangesOf(n));
          else if (peer.nodes) {
            const pred = compileSelector(peer.nodes);
            ranges = nodes.filter((n) => n.ip !== undefined && pred(n.labels)).map((n) => [n.ip!, n.ip!] as [number, number]);
          }
          if (!ranges) return;
          ids.set(`${a.kind}/${a.name}/${dir}/${r}/${k}`, ipPeerRanges.length);
          ipPeerRanges.push(ranges);
        });
      });
    }
  }
  return ids;
}

/**
 * Subjects, peers and ports of every ANP and the BANP (policy.networking.k8s.io/v1alpha1).
 *
 * @example
 * pendingAdminPolicies(inventory, select, ipPeerSet, ids, ranges)[0]?.priority // => 10
 */
export function pendingAdminPolicies(inventory: Inventory, select: Select, ipPeerSet: (id: number) => number, ipIds: ReadonlyMap<string, number>, ipPeerRanges: readonly [number, number][][]): PendingAdmin[] {
  return adminObjects(inventory).map((a) => {
    const subject = a.subject.pods ? select(null, a.subject.pods.namespaceSelector, a.subject.pods.podSelector) : select(null, a.subject.namespaces ?? {}, undefined);
    const rules = (dir: 'ingress' | 'egress'): PendingRule[] =>
      a[dir].map((rule, r) => {
        const peers = (dir === 'ingress' ? rule.from : rule.to) ?? [];
        const ports: CompiledPort[] | null = rule.ports && rule.ports.length > 0
          ? rule.ports.map((p, index): CompiledPort => {
              if (p.portNumber) return { index, protocol: p.portNumber.protocol as CompiledPort['protocol'], port: p.portNumber.port };
              if (p.portRange) return { index, protocol: p.portRange.protocol as CompiledPort['protocol'], port: p.portRange.start, endPort: p.portRange.end };
              return { index, protocol: 'TCP', name: p.namedPort ?? '', anyProtocol: true };
            })
          : null;
        return {
          ref: { kind: a.kind, policy: a.name, direction: dir, ruleIndex: r, action: rule.action as 'Allow' | 'Deny' | 'Pass' },
          ports,
          // An ANP rule always lists its peers; an empty list matches nothing.
          peers: peers.map((peer, k) => {
            const ip = ipIds.get(`${a.kind}/${a.name}/${dir}/${r}/${k}`);
            if (ip !== undefined) return { text: peer.networks ? `networks ${peer.networks.join(',')}` : `nodes ${formatSelector(peer.nodes)}`, set: ipPeerSet(ip), ranges: ipPeerRanges[ip] ?? [] };
            if (peer.pods) return { text: `pods namespaceSelector ${formatSelector(peer.pods.namespaceSelector)} + podSelector ${formatSelector(peer.pods.podSelector)}`, set: select(null, peer.pods.namespaceSelector, peer.pods.podSelector), ranges: [] };
            return { text: `namespaces ${formatSelector(peer.namespaces)}`, set: select(null, peer.namespaces ?? {}, undefined), ranges: [] };
          }),
        };
      });
    return { kind: a.kind, name: a.name, priority: a.priority, subject, ingress: rules('ingress'), egress: rules('egress') };
  });
}
