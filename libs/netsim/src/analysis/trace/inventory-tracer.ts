import type { Inventory } from '@podnet/contracts';
import { buildClusterModel } from '../../model/build-model';
import { createServiceStage } from '../../services/trace-stage';
import { createTracer, type Tracer } from './engine';
import { networkPolicyEvaluator } from './network-policy';
import type { TraceResult } from './types';

/** A tracer over everything the inputs describe, and the warnings met building its model. */
export interface InventoryTracer {
  readonly tracer: Tracer;
  readonly warnings: readonly string[];
}

/**
 * The tracer `podnet trace` uses: the inputs' cluster model, their NetworkPolicy / ANP / BANP enforced at the
 * source (egress) and destination (ingress), and Services (ns/svc and DNS names resolved, kube-proxy DNAT/SNAT in
 * the node's netfilter). The CLI, the worker's TRACE runs and the API's inline trace all build it here.
 *
 * @example
 * tracerForInventory(inventory).tracer.trace({ from: 'shop/web-0', to: 'shop/cart:8080', seed: 0 }).verdict // => 'delivered'
 */
export function tracerForInventory(inventory: Inventory): InventoryTracer {
  const model = buildClusterModel(inventory);
  const policy = networkPolicyEvaluator(inventory, model);
  const service = createServiceStage(model, inventory);
  return { tracer: createTracer(model, { ...(policy ? { policy } : {}), service }), warnings: [...inventory.warnings, ...model.warnings] };
}

/** The document `podnet trace -o json` prints (and TRACE runs store): exactly verdict, reason, endpoint, hops. */
export function traceDocument(result: TraceResult) {
  return {
    verdict: result.verdict,
    reason: result.reason,
    endpoint: result.endpoint,
    hops: result.hops.map((h) => ({ at: h.at, device: h.device, action: h.action, detail: h.detail, packet: { src: h.packet.src, dst: h.packet.dst, protocol: h.packet.protocol } })),
  };
}

/** The JSON shape of a trace (`podnet trace -o json`). */
export type TraceDocument = ReturnType<typeof traceDocument>;
