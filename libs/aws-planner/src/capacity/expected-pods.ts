import type { ClusterDesign, PodSpec, WorkloadRecord } from '@podnet/contracts';
import { matchesNodeSelector, untoleratedTaints } from '@podnet/contracts';

/** The pod facts the derivation reads (a subset of contracts' `PodRecord`). */
export interface PodLike {
  readonly pod: { readonly spec?: PodSpec | undefined };
}

/** Pods with a pod IP expected per node of each group, and pods that fit no group. */
export interface ExpectedPods {
  readonly perNode: ReadonlyMap<string, number>;
  readonly unplaced: number;
}

type Group = ClusterDesign['nodeGroups'][number];

function fits(spec: PodSpec | undefined, group: Group): boolean {
  if (spec === undefined) return true;
  return (
    matchesNodeSelector(spec.nodeSelector, group.labels) &&
    untoleratedTaints(group.taints, spec.tolerations ?? []).length === 0
  );
}

/**
 * Derives pods per node for each node group from the workloads: every pod that is not hostNetwork and not bound
 * to a node by name is shared among the groups whose labels match its nodeSelector and whose taints it tolerates,
 * in proportion to their desired sizes; each non-hostNetwork DaemonSet adds one pod per node it fits. Node
 * affinity is not read. Inputs are not modified.
 *
 * @example
 * expectedPodsFromWorkloads(design, inventory.pods, inventory.daemonSets).perNode.get('general') // => 12
 */
export function expectedPodsFromWorkloads(
  design: Pick<ClusterDesign, 'nodeGroups'>,
  pods: readonly PodLike[],
  daemonSets: readonly Pick<WorkloadRecord, 'template'>[] = [],
): ExpectedPods {
  const groups = design.nodeGroups;
  const shares = new Map<string, number>(groups.map((group) => [group.name, 0]));
  let unplaced = 0;
  for (const record of pods) {
    const spec = record.pod.spec;
    if (spec?.hostNetwork === true || spec?.nodeName !== undefined) continue;
    const eligible = groups.filter((group) => group.desiredSize > 0 && fits(spec, group));
    const nodes = eligible.reduce((sum, group) => sum + group.desiredSize, 0);
    if (nodes === 0) {
      unplaced++;
      continue;
    }
    for (const group of eligible)
      shares.set(group.name, (shares.get(group.name) ?? 0) + group.desiredSize / nodes);
  }
  const perNode = new Map<string, number>();
  for (const group of groups) {
    const share = shares.get(group.name) ?? 0;
    const daemons = daemonSets.filter(
      (ds) => ds.template?.spec?.hostNetwork !== true && fits(ds.template?.spec, group),
    ).length;
    const perNodeShare = group.desiredSize > 0 ? Math.ceil(share / group.desiredSize - 1e-9) : 0;
    perNode.set(group.name, perNodeShare + daemons);
  }
  return { perNode, unplaced };
}
