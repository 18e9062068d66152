import { planCapacity } from '@podnet/aws-planner';
import { RUN_PARAMS_SCHEMAS, type Inventory, type RunKind } from '@podnet/contracts';
import {
  buildClusterModel,
  buildReachModel,
  checkExpectations,
  computeExposure,
  createServiceStage,
  createTracer,
  diffReach,
  networkPolicyEvaluator,
  reachFromModel,
  type ReachOptions,
  type TraceResult,
} from '@podnet/netsim';
import { notImplemented, RunFailure } from './run-failure';

/** What a handler gets: the version's inventory, its params (raw), progress, and other versions (DIFF). */
export interface RunContext {
  inventory: Inventory;
  params: Record<string, unknown>;
  progress(percent: number): Promise<void>;
  loadVersion(versionId: string): Promise<Inventory>;
}

/** Each kind's result is the JSON document the matching `podnet` command prints with `-o json`. */
export type RunHandler = (ctx: RunContext) => Promise<unknown>;

/** The options `reach`, `diff` and `check` share, with the CLI's defaults (apps/cli reachOptions). */
function reachOptions(p: { by?: 'workload' | 'pod'; hostNetwork?: 'node' | 'pod'; ipblockMatchesPods?: boolean }): ReachOptions {
  return { by: p.by ?? 'workload', hostNetwork: p.hostNetwork ?? 'node', ...(p.ipblockMatchesPods !== undefined ? { ipBlockMatchesPods: p.ipblockMatchesPods } : {}) };
}

/** `podnet trace -o json`: exactly verdict, reason, endpoint, hops. */
function traceDocument(result: TraceResult) {
  return {
    verdict: result.verdict,
    reason: result.reason,
    endpoint: result.endpoint,
    hops: result.hops.map((h) => ({ at: h.at, device: h.device, action: h.action, detail: h.detail, packet: { src: h.packet.src, dst: h.packet.dst, protocol: h.packet.protocol } })),
  };
}

export const RUN_HANDLERS: Record<RunKind, RunHandler> = {
  // podnet capacity -f DESIGN [--compare T,...] [--no-recommendations] -o json
  CAPACITY: async ({ inventory, params, progress }) => {
    const p = RUN_PARAMS_SCHEMAS.CAPACITY.parse(params);
    if (!inventory.hasDesign) throw new RunFailure('BAD_USER_INPUT', 'capacity needs a ClusterDesign in the version', []);
    const compare = (Array.isArray(p.compare) ? p.compare : (p.compare ?? '').split(',')).map((t) => t.trim()).filter((t) => t !== '');
    await progress(20);
    return planCapacity({ design: inventory.design, pods: inventory.pods, daemonSets: inventory.daemonSets }, { compare, recommendations: p.recommendations ?? true });
  },
  // podnet trace -f FILES --from SRC --to DST [--seed N] -o json
  TRACE: async ({ inventory, params, progress }) => {
    const p = RUN_PARAMS_SCHEMAS.TRACE.parse(params);
    const model = buildClusterModel(inventory);
    await progress(50);
    // As `podnet trace` does: policies enforced at both ends, Services and DNS names resolved by kube-proxy's stage.
    const policy = networkPolicyEvaluator(inventory, model);
    const service = createServiceStage(model, inventory);
    return traceDocument(createTracer(model, { ...(policy ? { policy } : {}), service }).trace({ from: p.from, to: p.to, seed: p.seed ?? 0 }));
  },
  // podnet reach -f FILES [--by] [--ipblock-matches-pods] [--host-network] [--explain] [--focus] [--exposure] -o json
  REACH: async ({ inventory, params, progress }) => {
    const p = RUN_PARAMS_SCHEMAS.REACH.parse(params);
    const options = reachOptions(p);
    const model = buildReachModel(inventory, options);
    await progress(50);
    if (p.focus && !model.entities.some((e) => e.name === p.focus)) {
      throw new RunFailure('BAD_USER_INPUT', `focus ${p.focus}: no ${options.by} of that name (use namespace/name)`, ['params', 'focus']);
    }
    if (p.exposure) return computeExposure(model, p.focus ? { focus: p.focus } : {});
    return reachFromModel(model, { ...options, ...(p.focus ? { focus: p.focus } : {}), explain: p.explain === true });
  },
  // podnet diff -f <this version> --against <params.against> -o json
  DIFF: async ({ inventory, params, progress, loadVersion }) => {
    const p = RUN_PARAMS_SCHEMAS.DIFF.parse(params);
    const after = await loadVersion(p.against);
    await progress(30);
    return diffReach(inventory, after, reachOptions(p));
  },
  // podnet check -f FILES -o json (a failed assertion is in the result: `passed: false`)
  CHECK: async ({ inventory, params }) => {
    const p = RUN_PARAMS_SCHEMAS.CHECK.parse(params);
    return checkExpectations(inventory, reachOptions({ ...p, by: 'workload' }));
  },
  // Reconciling against EC2 needs AWS credentials in the worker; the service does not offer it yet.
  RECONCILE: async ({ params }) => {
    RUN_PARAMS_SCHEMAS.RECONCILE.parse(params);
    throw notImplemented('RECONCILE (comparing a design with live EC2 state)');
  },
};
