import { PortSetTable } from '../../policy/port-set';
import type { PolicyIndex } from '../../policy/types';
import { applyAdminTiers } from './admin-tiers';

/** Allowed port sets between every pair of pod classes, and between classes and elementary IPv4 intervals. */
export interface ClassMatrix {
  index: PolicyIndex;
  /** Number of classes. */
  C: number;
  /** Number of elementary IPv4 intervals (`index.bounds`). */
  K: number;
  /** `[src * C + dst]`: port set id allowed from class src to class dst (egress ∩ ingress). */
  pair: Int32Array;
  /** `[src * K + k]`: port set id class src may open toward interval k (egress only: external ends have no policy). */
  toExt: Int32Array;
  /** `[dst * K + k]`: port set id interval k may open toward class dst (ingress only). */
  fromExt: Int32Array;
}

/**
 * Computes the class-level reachability matrix: per direction, each rule adds its ports to the classes and
 * intervals its peers select; isolated classes start empty, others full; pod-to-pod is egress ∩ ingress.
 * Classes under an ANP/BANP go through the tiered evaluation instead. Cost: O(C² + Σ rule peers × targets).
 *
 * @example
 * const m = buildClassMatrix(compilePolicyIndex(inventory));
 * index.ports.format(m.pair[0 * m.C + 1]!) // => 'TCP 80'
 */
export function buildClassMatrix(index: PolicyIndex): ClassMatrix {
  const t = index.ports;
  const C = index.classes.length;
  const K = index.bounds.length;
  const boundIdx = new Map(index.bounds.map((b, i) => [b, i]));
  const intervalsOf = (ranges: readonly (readonly [number, number])[], visit: (k: number) => void) => {
    for (const [lo, hi] of ranges) {
      const a = boundIdx.get(lo) ?? 0;
      const b = hi + 1 > 0xffffffff ? K : (boundIdx.get(hi + 1) ?? K);
      for (let k = a; k < b; k += 1) visit(k);
    }
  };
  const egress = new Int32Array(C * C).fill(PortSetTable.ALL);
  const ingress = new Int32Array(C * C).fill(PortSetTable.ALL);
  const toExt = new Int32Array(C * K).fill(PortSetTable.ALL);
  const fromExt = new Int32Array(C * K).fill(PortSetTable.ALL);

  for (const cls of index.classes) {
    const s = cls.id;
    if (cls.egressPolicies.length > 0) {
      egress.fill(PortSetTable.NONE, s * C, s * C + C);
      toExt.fill(PortSetTable.NONE, s * K, s * K + K);
      for (const rule of cls.egressRules) {
        if (rule.peers === null) {
          for (let d = 0; d < C; d += 1) egress[s * C + d] = t.union(egress[s * C + d]!, index.rulePorts(rule, d));
          const ext = index.rulePorts(rule, undefined);
          for (let k = 0; k < K; k += 1) toExt[s * K + k] = t.union(toExt[s * K + k]!, ext);
          continue;
        }
        for (const peer of rule.peers) {
          for (const d of peer.classes) egress[s * C + d] = t.union(egress[s * C + d]!, index.rulePorts(rule, d));
          if (peer.ranges.length > 0) {
            const ext = index.rulePorts(rule, undefined);
            intervalsOf(peer.ranges, (k) => {
              toExt[s * K + k] = t.union(toExt[s * K + k]!, ext);
            });
          }
        }
      }
    }
    if (cls.ingressPolicies.length > 0) {
      const d = s;
      for (let x = 0; x < C; x += 1) ingress[x * C + d] = PortSetTable.NONE;
      fromExt.fill(PortSetTable.NONE, d * K, d * K + K);
      for (const rule of cls.ingressRules) {
        const ports = index.rulePorts(rule, d);
        if (ports === PortSetTable.NONE) continue;
        if (rule.peers === null) {
          for (let x = 0; x < C; x += 1) ingress[x * C + d] = t.union(ingress[x * C + d]!, ports);
          for (let k = 0; k < K; k += 1) fromExt[d * K + k] = t.union(fromExt[d * K + k]!, ports);
          continue;
        }
        for (const peer of rule.peers) {
          for (const x of peer.classes) ingress[x * C + d] = t.union(ingress[x * C + d]!, ports);
          intervalsOf(peer.ranges, (k) => {
            fromExt[d * K + k] = t.union(fromExt[d * K + k]!, ports);
          });
        }
      }
    }
  }
  // Pods under an ANP/BANP: the tiers post-process NetworkPolicy's answer in their row (egress) and column
  // (ingress), and in its external intervals.
  for (const cls of index.classes) {
    if (cls.admin.length === 0 && !cls.baseline) continue;
    const s = cls.id;
    applyAdminTiers(index, cls, 'egress', 'classes', (d) => egress[s * C + d]!, (d, set) => (egress[s * C + d] = set));
    applyAdminTiers(index, cls, 'ingress', 'classes', (x) => ingress[x * C + s]!, (x, set) => (ingress[x * C + s] = set));
    applyAdminTiers(index, cls, 'egress', 'intervals', (k) => toExt[s * K + k]!, (k, set) => (toExt[s * K + k] = set));
    applyAdminTiers(index, cls, 'ingress', 'intervals', (k) => fromExt[s * K + k]!, (k, set) => (fromExt[s * K + k] = set));
  }
  for (let i = 0; i < C * C; i += 1) egress[i] = t.intersect(egress[i]!, ingress[i]!);
  return { index, C, K, pair: egress, toExt, fromExt };
}
