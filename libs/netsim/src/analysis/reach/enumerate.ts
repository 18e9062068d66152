import { rangeToCidrs } from '../../policy/ipv4';
import { PortSetTable } from '../../policy/port-set';
import type { ClassMatrix } from './class-matrix';
import type { ReachEntity } from './entities';

/** One external IPv4 range `[first, last]` with one connectivity toward/from an entity. */
export interface ExternalRange {
  first: number;
  last: number;
  ports: number;
}

/**
 * Port set between two entities: the union over their pods' classes (never an entity to itself).
 *
 * @example
 * m.index.ports.format(entityPorts(m, web, db)) // => 'TCP 5432'
 */
export function entityPorts(m: ClassMatrix, a: ReachEntity, b: ReachEntity): number {
  let acc = PortSetTable.NONE;
  for (const x of a.classes) for (const y of b.classes) acc = m.index.ports.union(acc, m.pair[x * m.C + y]!);
  return acc;
}

/**
 * Node-to-local-pod traffic: a hostNetwork pod seen as its node reaches every pod on that node.
 * Returns `srcEntity * n + dstEntity` keys whose connection is everything.
 *
 * @example
 * nodeLocalOverrides(m, entities).has(agent * entities.length + web) // => true when both run on one node
 */
export function nodeLocalOverrides(m: ClassMatrix, entities: readonly ReachEntity[]): Set<number> {
  const out = new Set<number>();
  if (m.index.options.hostNetwork !== 'node') return out;
  const n = entities.length;
  if (!m.index.pods.some((p) => p.hostNetwork && p.nodeName)) return out;
  const byNode = new Map<string, number[]>();
  entities.forEach((e, i) => {
    for (const p of e.pods) {
      if (p.hostNetwork || !p.nodeName) continue;
      const list = byNode.get(p.nodeName);
      if (list) list.push(i);
      else byNode.set(p.nodeName, [i]);
    }
  });
  entities.forEach((e, i) => {
    for (const p of e.pods) {
      if (!p.hostNetwork || !p.nodeName) continue;
      for (const j of byNode.get(p.nodeName) ?? []) if (j !== i) out.add(i * n + j);
    }
  });
  return out;
}

/**
 * External ranges of one entity in one direction: the elementary intervals' port sets (union over the
 * entity's classes), neighbours with the same set merged, empty ones dropped.
 *
 * @example
 * externalRanges(m, web, 'egress') // => [{ first: 0, last: 4294967295, ports: 1 }]
 */
export function externalRanges(m: ClassMatrix, e: ReachEntity, dir: 'egress' | 'ingress'): ExternalRange[] {
  const t = m.index.ports;
  const table = dir === 'egress' ? m.toExt : m.fromExt;
  const out: ExternalRange[] = [];
  let cur: ExternalRange | undefined;
  for (let k = 0; k < m.K; k += 1) {
    let acc = PortSetTable.NONE;
    for (const c of e.classes) acc = t.union(acc, table[c * m.K + k]!);
    const first = m.index.bounds[k]!;
    const last = (m.index.bounds[k + 1] ?? 2 ** 32) - 1;
    if (cur && cur.ports === acc) cur.last = last;
    else {
      if (cur && cur.ports !== PortSetTable.NONE) out.push(cur);
      cur = { first, last, ports: acc };
    }
  }
  if (cur && cur.ports !== PortSetTable.NONE) out.push(cur);
  return out;
}

/**
 * The CIDR cover of an external range.
 *
 * @example
 * rangeCidrs({ first: 0, last: 4294967295, ports: 1 }) // => ['0.0.0.0/0']
 */
export const rangeCidrs = (r: ExternalRange): string[] => rangeToCidrs(r.first, r.last);

/**
 * Streams every allowed entity pair (never an entity to itself) in output order, without building objects:
 * for the bench and for large clusters. `afterRow(i)` runs once every pair from entity i was visited.
 * Returns the number of pairs visited.
 *
 * @example
 * forEachEntityPair(m, entities, (i, j, ports) => count++) // => 24995000 pairs visited for 5,000 workloads
 */
export function forEachEntityPair(m: ClassMatrix, entities: readonly ReachEntity[], visit: (src: number, dst: number, ports: number) => void, afterRow?: (src: number) => void): number {
  const n = entities.length;
  const overrides = nodeLocalOverrides(m, entities);
  let visited = 0;
  for (let i = 0; i < n; i += 1) {
    const a = entities[i]!;
    const single = a.classes.length === 1 ? a.classes[0]! : -1;
    for (let j = 0; j < n; j += 1) {
      if (i === j) continue;
      visited += 1;
      const b = entities[j]!;
      let ports = single >= 0 && b.classes.length === 1 ? m.pair[single * m.C + b.classes[0]!]! : entityPorts(m, a, b);
      if (overrides.size > 0 && overrides.has(i * n + j)) ports = PortSetTable.ALL;
      if (ports !== PortSetTable.NONE) visit(i, j, ports);
    }
    afterRow?.(i);
  }
  return visited;
}
