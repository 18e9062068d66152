import { planCapacity } from '@podnet/aws-planner';
import { reconcileWithEc2 } from '@podnet/aws-planner/reconcile';
import { RUN_PARAMS_SCHEMAS, type Inventory, type RunKind } from '@podnet/contracts';
import { buildReachModel, checkExpectations, computeExposure, diffReach, reachFromModel, traceDocument, tracerForInventory, type ReachOptions } from '@podnet/netsim';
import { RunFailure } from './run-failure';

/** How RECONCILE reaches EC2: worker configuration, never run parameters (a run must not aim the worker's AWS
 *  credentials at an endpoint of its choosing). */
export interface Ec2Settings {
  endpoint?: string;
  maxAttempts?: number;
}

/** What a handler gets: the version's inventory, its params (raw), progress, and other versions (DIFF). */
export interface RunContext {
  inventory: Inventory;
  params: Record<string, unknown>;
  progress(percent: number): Promise<void>;
  loadVersion(versionId: string): Promise<Inventory>;
  ec2: Ec2Settings;
}

/** Each kind's result is the JSON document the matching `podnet` command prints with `-o json`. */
export type RunHandler = (ctx: RunContext) => Promise<unknown>;

/** The options `reach`, `diff` and `check` share, with the CLI's defaults (apps/cli reachOptions). */
function reachOptions(p: { by?: 'workload' | 'pod'; hostNetwork?: 'node' | 'pod'; ipblockMatchesPods?: boolean }): ReachOptions {
  return { by: p.by ?? 'workload', hostNetwork: p.hostNetwork ?? 'node', ...(p.ipblockMatchesPods !== undefined ? { ipBlockMatchesPods: p.ipblockMatchesPods } : {}) };
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
    // As `podnet trace` does: policies enforced at both ends, Services and DNS names resolved by kube-proxy's stage.
    const { tracer } = tracerForInventory(inventory);
    await progress(50);
    return traceDocument(tracer.trace({ from: p.from, to: p.to, seed: p.seed ?? 0 }));
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
  // podnet reconcile -f DESIGN [--region R] [--vpc-id V] -o json, with the worker's AWS credentials
  // (EC2 failures: see classify; throttling and outages are retried with the job's backoff).
  RECONCILE: async ({ inventory, params, progress, ec2 }) => {
    const p = RUN_PARAMS_SCHEMAS.RECONCILE.parse(params);
    if (!inventory.hasDesign) throw new RunFailure('BAD_USER_INPUT', 'reconcile needs a ClusterDesign in the version', []);
    await progress(20);
    return reconcileWithEc2(
      { design: inventory.design, pods: inventory.pods, daemonSets: inventory.daemonSets },
      { ...ec2, ...(p.region ? { region: p.region } : {}), ...(p.vpcId ? { vpcId: p.vpcId } : {}) },
    );
  },
};
