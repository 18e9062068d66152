import { PortSetTable } from './port-set';
import { matchingPeer, type Party } from './tiers';
import type { CompiledRule, PolicyClass, PolicyIndex } from './types';

/** `port 0,2` (the rule's port entries that apply toward the destination) or `(all ports)`. */
function portIndexes(index: PolicyIndex, rule: CompiledRule, dstClass: number | undefined): string {
  if (rule.ports === null) return '(all ports)';
  const dstPorts = dstClass === undefined ? [] : (index.classes[dstClass]?.ports ?? []);
  const used = rule.ports.filter((p) => p.name === undefined || dstPorts.some((c) => c.name === p.name && (p.anyProtocol || c.protocol === p.protocol))).map((p) => p.index);
  return `port ${used.join(',')}`;
}

/**
 * Why one direction allows what it allows between a class and another party: the isolating policies and
 * every rule that contributes ports (policy, direction, rule index, peer index, ports), tier by tier.
 *
 * @example
 * explainDirection(index, 'ingress', dstClass, { cls: srcClass }, dstClass.id)
 * // => ['ingress: isolated by shop/db', 'NetworkPolicy shop/db ingress rule 0 peer 1 port 0: TCP 5432']
 */
export function explainDirection(index: PolicyIndex, dir: 'ingress' | 'egress', subject: PolicyClass, other: Party, dstClass: number | undefined): string[] {
  const t = index.ports;
  const lines: string[] = [];
  if (subject.hostNetworkAsNode) return [`${dir}: hostNetwork pod seen as its node; no policy applies`];
  for (const anp of subject.admin) {
    for (const rule of anp[dir]) {
      const peer = matchingPeer(rule, other);
      if (peer === undefined) continue;
      lines.push(`AdminNetworkPolicy ${anp.name} (priority ${anp.priority}) ${dir} rule ${rule.ref.ruleIndex} peer ${peer} ${portIndexes(index, rule, dstClass)} action ${rule.ref.action}: ${t.format(index.rulePorts(rule, dstClass))}`);
    }
  }
  const isolatedBy = (dir === 'ingress' ? subject.ingressPolicies : subject.egressPolicies).map((id) => index.policies[id]!.key);
  if (isolatedBy.length === 0) {
    lines.push(`${dir}: not isolated (no NetworkPolicy selects the pod for ${dir})`);
    for (const rule of subject.baseline?.[dir] ?? []) {
      const peer = matchingPeer(rule, other);
      if (peer !== undefined) lines.push(`BaselineAdminNetworkPolicy ${subject.baseline!.name} ${dir} rule ${rule.ref.ruleIndex} peer ${peer} ${portIndexes(index, rule, dstClass)} action ${rule.ref.action}: ${t.format(index.rulePorts(rule, dstClass))}`);
    }
    return lines;
  }
  lines.push(`${dir}: isolated by ${isolatedBy.join(', ')}`);
  let any = false;
  for (const rule of dir === 'ingress' ? subject.ingressRules : subject.egressRules) {
    const peer = matchingPeer(rule, other);
    if (peer === undefined) continue;
    const ports = index.rulePorts(rule, dstClass);
    if (ports === PortSetTable.NONE) continue;
    any = true;
    lines.push(`NetworkPolicy ${rule.ref.policy} ${dir} rule ${rule.ref.ruleIndex} ${peer < 0 ? '(all peers)' : `peer ${peer}`} ${portIndexes(index, rule, dstClass)}: ${t.format(ports)}`);
  }
  if (!any) lines.push(`${dir}: no rule of ${isolatedBy.join(', ')} matches`);
  return lines;
}
