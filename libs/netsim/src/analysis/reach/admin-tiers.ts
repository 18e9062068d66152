import { PortSetTable } from '../../policy/port-set';
import { directionPorts } from '../../policy/tiers';
import type { CompiledRule, PolicyClass, PolicyIndex } from '../../policy/types';

/** Most ANP/BANP rules one subject may have for the bit-signature path; beyond it, each pair is evaluated alone. */
const MAX_RULES = 30;

function orderedRules(cls: PolicyClass, dir: 'ingress' | 'egress'): { admin: readonly CompiledRule[]; baseline: readonly CompiledRule[] } {
  return { admin: cls.admin.flatMap((a) => a[dir]), baseline: cls.baseline?.[dir] ?? [] };
}

/**
 * Applies the ANP -> NetworkPolicy -> BANP tiers to one direction of one class, over every other class:
 * `np(o)` / `write(o, set)` read the NetworkPolicy result and store the final one. Others are grouped by which
 * admin rules select them (a bit signature), so the tier logic runs once per (signature, NetworkPolicy set)
 * instead of once per pair.
 */
export function applyAdminTiers(index: PolicyIndex, cls: PolicyClass, dir: 'ingress' | 'egress', np: (o: number) => number, write: (o: number, set: number) => void): void {
  const t = index.ports;
  const C = index.classes.length;
  const { admin, baseline } = orderedRules(cls, dir);
  const rules = [...admin, ...baseline];
  if (rules.length > MAX_RULES) {
    for (let o = 0; o < C; o += 1) write(o, directionPorts(index, dir, cls, { cls: o }, dir === 'ingress' ? cls.id : o));
    return;
  }
  const sig = new Int32Array(C);
  rules.forEach((rule, b) => {
    for (const peer of rule.peers ?? []) for (const o of peer.classes) sig[o]! |= 1 << b;
  });
  const isolated = (dir === 'ingress' ? cls.ingressPolicies : cls.egressPolicies).length > 0;
  // Egress ports resolve on the other class when a rule names a port; ingress ports on this class.
  const named = dir === 'egress' && rules.some((r) => r.ports?.some((p) => p.name !== undefined));
  const memo = new Map<string, Map<number, number>>();
  for (let o = 0; o < C; o += 1) {
    const s = sig[o]!;
    const n = np(o);
    const dst = dir === 'ingress' ? cls.id : o;
    const group = `${s}|${named ? index.classes[o]!.portsKey : -1}`;
    let byNp = memo.get(group);
    if (!byNp) {
      byNp = new Map();
      memo.set(group, byNp);
    }
    let result = byNp.get(n);
    if (result === undefined) {
      let allowed = PortSetTable.NONE;
      let decided = PortSetTable.NONE;
      let passed = PortSetTable.NONE;
      admin.forEach((rule, b) => {
        if (!(s & (1 << b))) return;
        const p = t.subtract(t.subtract(index.rulePorts(rule, dst), decided), passed);
        if (rule.ref.action === 'Allow') allowed = t.union(allowed, p);
        if (rule.ref.action === 'Pass') passed = t.union(passed, p);
        else decided = t.union(decided, p);
      });
      let rest = t.subtract(PortSetTable.ALL, decided);
      if (isolated) result = t.union(allowed, t.intersect(rest, n));
      else {
        baseline.forEach((rule, i) => {
          if (!(s & (1 << (admin.length + i)))) return;
          const p = t.intersect(index.rulePorts(rule, dst), rest);
          if (rule.ref.action === 'Allow') allowed = t.union(allowed, p);
          rest = t.subtract(rest, p);
        });
        result = t.union(allowed, rest);
      }
      byNp.set(n, result);
    }
    write(o, result);
  }
}
