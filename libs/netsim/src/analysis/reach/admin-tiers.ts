import { PortSetTable } from '../../policy/port-set';
import { directionPorts } from '../../policy/tiers';
import type { CompiledRule, PolicyClass, PolicyIndex } from '../../policy/types';

/** Most ANP/BANP rules one subject may have for the bit-signature path; beyond it, each pair is evaluated alone. */
const MAX_RULES = 30;

/** The tiers for one (rule-match signature, NetworkPolicy answer): ANP by order, then NetworkPolicy or BANP. */
function tierResult(index: PolicyIndex, admin: readonly CompiledRule[], baseline: readonly CompiledRule[], sig: number, np: number, dst: number | undefined, isolated: boolean): number {
  const t = index.ports;
  let allowed = PortSetTable.NONE;
  let decided = PortSetTable.NONE;
  let passed = PortSetTable.NONE;
  admin.forEach((rule, b) => {
    if (!(sig & (1 << b))) return;
    const p = t.subtract(t.subtract(index.rulePorts(rule, dst), decided), passed);
    if (rule.ref.action === 'Allow') allowed = t.union(allowed, p);
    if (rule.ref.action === 'Pass') passed = t.union(passed, p);
    else decided = t.union(decided, p);
  });
  let rest = t.subtract(PortSetTable.ALL, decided);
  if (isolated) return t.union(allowed, t.intersect(rest, np));
  baseline.forEach((rule, i) => {
    if (!(sig & (1 << (admin.length + i)))) return;
    const p = t.intersect(index.rulePorts(rule, dst), rest);
    if (rule.ref.action === 'Allow') allowed = t.union(allowed, p);
    rest = t.subtract(rest, p);
  });
  return t.union(allowed, rest);
}

/**
 * Applies the ANP -> NetworkPolicy -> BANP tiers to one direction of one class, over every other class
 * (`target: 'classes'`) or every elementary IPv4 interval (`target: 'intervals'`): `np(o)` / `write(o, set)`
 * read NetworkPolicy's answer and store the final one. Others are grouped by which admin rules select them
 * (a bit signature), so the tier logic runs once per (signature, NetworkPolicy set), not once per pair.
 *
 * @example
 * applyAdminTiers(index, cls, 'ingress', 'classes', (x) => ingress[x * C + s]!, (x, set) => (ingress[x * C + s] = set));
 */
export function applyAdminTiers(index: PolicyIndex, cls: PolicyClass, dir: 'ingress' | 'egress', target: 'classes' | 'intervals', np: (o: number) => number, write: (o: number, set: number) => void): void {
  const external = target === 'intervals';
  const count = external ? index.bounds.length : index.classes.length;
  const admin = cls.admin.flatMap((a) => a[dir]);
  const baseline = cls.baseline?.[dir] ?? [];
  const rules = [...admin, ...baseline];
  const dstOf = (o: number) => (dir === 'ingress' ? cls.id : external ? undefined : o);
  if (rules.length > MAX_RULES) {
    for (let o = 0; o < count; o += 1) write(o, directionPorts(index, dir, cls, external ? { ip: index.bounds[o]! } : { cls: o }, dstOf(o)));
    return;
  }
  const sig = new Int32Array(count);
  const boundIdx = external ? new Map(index.bounds.map((b, i) => [b, i])) : undefined;
  rules.forEach((rule, b) => {
    for (const peer of rule.peers ?? []) {
      if (!external) for (const o of peer.classes) sig[o]! |= 1 << b;
      else {
        for (const [lo, hi] of peer.ranges) {
          const from = boundIdx!.get(lo) ?? 0;
          const to = hi + 1 > 0xffffffff ? count : (boundIdx!.get(hi + 1) ?? count);
          for (let k = from; k < to; k += 1) sig[k]! |= 1 << b;
        }
      }
    }
  });
  const isolated = (dir === 'ingress' ? cls.ingressPolicies : cls.egressPolicies).length > 0;
  // Egress toward pods: a named port resolves on the other class, so its ports join the grouping key.
  const named = dir === 'egress' && !external && rules.some((r) => r.ports?.some((p) => p.name !== undefined));
  const memo = new Map<string, Map<number, number>>();
  for (let o = 0; o < count; o += 1) {
    const s = sig[o]!;
    const n = np(o);
    const group = `${s}|${named ? index.classes[o]!.portsKey : -1}`;
    let byNp = memo.get(group);
    if (!byNp) {
      byNp = new Map();
      memo.set(group, byNp);
    }
    let result = byNp.get(n);
    if (result === undefined) {
      result = tierResult(index, admin, baseline, s, n, dstOf(o), isolated);
      byNp.set(n, result);
    }
    write(o, result);
  }
}
