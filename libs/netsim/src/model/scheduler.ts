import { matchesNodeSelector, untoleratedTaints } from '@podnet/contracts';
import type { SimNode, SimPod } from './types';

function bind(pod: SimPod, node: SimNode): void {
  pod.node = node;
  pod.phase = 'Running';
  node.pods.push(pod);
}

function tooManyPods(nodes: readonly SimNode[]): string {
  return [...new Set(nodes.map((n) => n.maxPodsSource))].join(', ');
}

interface Feasible {
  nodes: SimNode[];
  cursor: number;
  selectorMisses: number;
  taintMisses: Map<string, number>;
}

/**
 * Places pods on nodes, deterministically. Pods with `spec.nodeName` are bound first, in input order (kubelet
 * still refuses one past its max pods); the others go round-robin over the nodes whose labels match their
 * `nodeSelector` and whose NoSchedule/NoExecute taints they tolerate, skipping full nodes (a simple stand-in
 * for kube-scheduler's spreading scores). A pod that fits nowhere stays Pending with kube-scheduler's reasons,
 * led by the binding one: `Too many pods: m5.large allows 29 (0/3 nodes are available: 3 Too many pods)`.
 *
 * @example
 * schedulePods(nodes, pods); pods[0].node?.name // => 'node-1'
 */
export function schedulePods(nodes: readonly SimNode[], pods: readonly SimPod[]): void {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const pod of pods) {
    const nodeName = pod.record.pod.spec.nodeName;
    if (!nodeName || pod.phase !== 'Pending') continue;
    const node = byName.get(nodeName);
    if (!node) {
      pod.pendingReason = `spec.nodeName ${nodeName} is not a node of the design`;
      continue;
    }
    if (node.pods.length >= node.maxPods) {
      pod.pendingReason = `Too many pods: ${node.maxPodsSource} (kubelet on ${node.name} rejects the pod bound to it: OutOfpods)`;
      continue;
    }
    bind(pod, node);
  }

  const signatures = new Map<string, Feasible>();
  for (const pod of pods) {
    if (pod.record.pod.spec.nodeName || pod.phase !== 'Pending') continue;
    const spec = pod.record.pod.spec;
    const key = JSON.stringify([spec.nodeSelector ?? null, spec.tolerations ?? null]);
    let feasible = signatures.get(key);
    if (!feasible) {
      feasible = { nodes: [], cursor: 0, selectorMisses: 0, taintMisses: new Map() };
      for (const node of nodes) {
        if (!matchesNodeSelector(spec.nodeSelector, node.labels)) {
          feasible.selectorMisses++;
          continue;
        }
        const untolerated = untoleratedTaints(node.taints, spec.tolerations ?? []);
        if (untolerated.length > 0) {
          const t = untolerated[0]!;
          const text = `{${t.key}${t.value ? `: ${t.value}` : ''}}`;
          feasible.taintMisses.set(text, (feasible.taintMisses.get(text) ?? 0) + 1);
          continue;
        }
        feasible.nodes.push(node);
      }
      signatures.set(key, feasible);
    }
    const count = feasible.nodes.length;
    let placed = false;
    for (let step = 0; step < count; step++) {
      const node = feasible.nodes[(feasible.cursor + step) % count]!;
      if (node.pods.length < node.maxPods) {
        bind(pod, node);
        feasible.cursor = (feasible.cursor + step + 1) % count;
        placed = true;
        break;
      }
    }
    if (!placed) pod.pendingReason = unschedulable(nodes.length, feasible);
  }
}

function unschedulable(total: number, feasible: Feasible): string {
  const parts: string[] = [];
  if (feasible.selectorMisses > 0) parts.push(`${feasible.selectorMisses} node(s) didn't match Pod's node affinity/selector`);
  for (const [taint, n] of feasible.taintMisses) parts.push(`${n} node(s) had untolerated taint ${taint}`);
  const full = feasible.nodes.length;
  if (full > 0) parts.push(`${full} Too many pods`);
  const summary = total === 0 ? 'no nodes available to schedule pods' : `0/${total} nodes are available: ${parts.join(', ')}`;
  return full > 0 ? `Too many pods: ${tooManyPods(feasible.nodes)} (${summary})` : summary;
}
