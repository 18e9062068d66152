import type { PolicyPod } from '../../policy/endpoints';
import type { PolicyIndex } from '../../policy/types';

/** A row/column of the reach output: a workload or a pod, with the classes of its pods. */
export interface ReachEntity {
  /** `namespace/name`. */
  name: string;
  namespace: string;
  pods: PolicyPod[];
  /** Sorted distinct classes of its pods. */
  classes: number[];
}

/**
 * Entities sorted by name: workloads (pods grouped by their top owner, cli-contract.md) or single pods.
 * A workload's connectivity is the union over its pods.
 *
 * @example
 * reachEntities(index, 'workload').map((e) => e.name) // => ['shop/db', 'shop/web']
 */
export function reachEntities(index: PolicyIndex, by: 'workload' | 'pod'): ReachEntity[] {
  const map = new Map<string, ReachEntity>();
  for (const pod of index.pods) {
    const name = by === 'workload' ? pod.workload : pod.key;
    let e = map.get(name);
    if (!e) {
      e = { name, namespace: pod.namespace, pods: [], classes: [] };
      map.set(name, e);
    }
    e.pods.push(pod);
    const c = index.classOfPod.get(pod.key)!;
    if (!e.classes.includes(c)) e.classes.push(c);
  }
  for (const e of map.values()) e.classes.sort((a, b) => a - b);
  return [...map.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
