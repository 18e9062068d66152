import type { PolicyIndex } from '../../policy/types';
import type { ReachEntity } from './entities';

/** A rule that would admit pods outside the workload's namespace or addresses outside the cluster, present or not. */
export interface ExposingRule {
  /** `NetworkPolicy ns/name ingress rule 0 peer 1`, or `no ingress policy` when nothing isolates the pods. */
  rule: string;
  /** What the peer admits: `any source`, `namespaceSelector ... + podSelector ...`, `ipBlock ...`. */
  admits: string;
  ports: string;
}

/**
 * The "potential" side of the exposure view (as netpol-analyzer's `--exposure`): the ingress rules of a workload's
 * pods whose peers reach beyond its namespace (no peers, a namespaceSelector, an ipBlock), whether or not a
 * matching pod exists today. A workload with no ingress isolation is exposed to anything.
 *
 * @example
 * exposingRules(index, entity) // => [{ rule: 'NetworkPolicy shop/web ingress rule 0 peer 0', admits: 'namespaceSelector {}', ports: 'TCP 8080' }]
 */
export function exposingRules(index: PolicyIndex, e: ReachEntity): ExposingRule[] {
  const out = new Map<string, ExposingRule>();
  for (const c of e.classes) {
    const cls = index.classes[c]!;
    if (cls.ingressPolicies.length === 0 && cls.admin.length === 0 && !cls.baseline) {
      out.set('none', { rule: 'no ingress policy', admits: 'any source', ports: 'all' });
      continue;
    }
    for (const rule of cls.ingressRules) {
      const ports = index.ports.format(index.rulePorts(rule, c));
      if (ports === 'none') continue;
      const head = `NetworkPolicy ${rule.ref.policy} ingress rule ${rule.ref.ruleIndex}`;
      if (rule.peers === null) out.set(head, { rule: head, admits: 'any source', ports });
      else {
        for (const peer of rule.peers) {
          if (!peer.text.startsWith('namespaceSelector') && !peer.text.startsWith('ipBlock')) continue;
          const key = `${head} peer ${peer.index}`;
          out.set(key, { rule: key, admits: peer.text, ports });
        }
      }
    }
  }
  return [...out.values()];
}
