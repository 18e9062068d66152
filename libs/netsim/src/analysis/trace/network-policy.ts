import type { Inventory, Node, PodRecord } from '@podnet/contracts';
import { compilePolicyIndex } from '../../policy/compile';
import { evaluateConnection, type PolicyEndpoint } from '../../policy/evaluate';
import type { PolicyOptions } from '../../policy/types';
import type { ClusterModel } from '../../model/types';
import type { PolicyEvaluator } from './types';

/**
 * The inventory as the model sees it, for the policy compiler: every placed pod (DaemonSet pods included) with
 * `status.podIP`/`hostIP` and `spec.nodeName` from the model, and every node as a Node with its InternalIP and
 * labels. New objects throughout; the input is not modified.
 *
 * @example
 * modelInventory(inventory, model).pods[0].pod.status?.podIP // => '10.244.0.2'
 */
export function modelInventory(inventory: Inventory, model: ClusterModel): Inventory {
  const pods: PodRecord[] = model.pods.map((p) => {
    const status = { ...(p.record.pod.status ?? {}), ...(p.ip ? { podIP: p.ip } : {}), ...(p.node ? { hostIP: p.node.ip } : {}), phase: p.phase };
    const spec = p.node ? { ...p.record.pod.spec, nodeName: p.node.name } : p.record.pod.spec;
    return { ...p.record, pod: { ...p.record.pod, spec, status } };
  });
  const nodes: Node[] = model.nodes.map((n) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: { ...n.labels } }, status: { addresses: [{ type: 'InternalIP', address: n.ip }] } }));
  return { ...inventory, pods, nodes };
}

/**
 * The NetworkPolicy / AdminNetworkPolicy evaluator of `libs/netsim/src/policy` as a trace stage, or undefined
 * when the inputs hold no policy. Egress and ingress are answered by `evaluateConnection` with the addresses the
 * packet has at that point (after Service DNAT, after SNAT). ICMP (no port) is evaluated as port 0 of TCP, so
 * only rules without `ports` allow it.
 *
 * @example
 * createTracer(model, { policy: networkPolicyEvaluator(inventory, model) })
 */
export function networkPolicyEvaluator(inventory: Inventory, model: ClusterModel, options: PolicyOptions = {}): PolicyEvaluator | undefined {
  const any = inventory.networkPolicies.length + inventory.adminNetworkPolicies.length + inventory.baselineAdminNetworkPolicies.length;
  if (any === 0) return undefined;
  const index = compilePolicyIndex(modelInventory(inventory, model), options);
  return {
    evaluate(query) {
      const self: PolicyEndpoint = { pod: query.pod.key };
      const other: PolicyEndpoint = query.peer.pod && index.podByKey.has(query.peer.pod.key) ? { pod: query.peer.pod.key } : { ip: query.peer.ip };
      const [src, dst] = query.direction === 'egress' ? [self, other] : [other, self];
      const protocol = query.protocol === 'ICMP' ? 'TCP' : query.protocol;
      const verdict = evaluateConnection(index, src, dst, query.port ?? 0, protocol);
      const decision = query.direction === 'egress' ? verdict.egress : verdict.ingress;
      return { allowed: decision.allowed, reason: decision.reason };
    },
  };
}
