import { planCapacity } from '@podnet/aws-planner';
import { RUN_PARAMS_SCHEMAS, type Inventory, type RunKind } from '@podnet/contracts';
import { notImplemented } from './run-failure';

/** What a handler gets: the version's inventory, its params (raw), progress, and other versions (DIFF). */
export interface RunContext {
  inventory: Inventory;
  params: Record<string, unknown>;
  progress(percent: number): Promise<void>;
  loadVersion(versionId: string): Promise<Inventory>;
}

/** Each kind's result is the JSON document the matching `podnet` command prints with `-o json`. */
export type RunHandler = (ctx: RunContext) => Promise<unknown>;

export const RUN_HANDLERS: Record<RunKind, RunHandler> = {
  // podnet capacity -f DESIGN [--compare T,...] -o json
  CAPACITY: async ({ inventory, params, progress }) => {
    const p = RUN_PARAMS_SCHEMAS.CAPACITY.parse(params);
    await progress(10);
    return planCapacity(
      { design: inventory.design, pods: inventory.pods, daemonSets: inventory.daemonSets },
      p.compare ? { compare: p.compare } : {},
    );
  },
  // podnet trace: libs/netsim analysis/trace is not exported yet.
  TRACE: async ({ params }) => {
    RUN_PARAMS_SCHEMAS.TRACE.parse(params);
    throw notImplemented('TRACE (libs/netsim trace)');
  },
  REACH: async ({ params }) => {
    RUN_PARAMS_SCHEMAS.REACH.parse(params);
    throw notImplemented('REACH (libs/netsim reachability matrix)');
  },
  DIFF: async ({ params }) => {
    RUN_PARAMS_SCHEMAS.DIFF.parse(params);
    throw notImplemented('DIFF (libs/netsim policy diff)');
  },
  CHECK: async ({ params }) => {
    RUN_PARAMS_SCHEMAS.CHECK.parse(params);
    throw notImplemented('CHECK (libs/netsim assertions)');
  },
  // Reconciling against EC2 needs AWS credentials in the worker; not offered by the service yet.
  RECONCILE: async ({ params }) => {
    RUN_PARAMS_SCHEMAS.RECONCILE.parse(params);
    throw notImplemented('RECONCILE (libs/aws-planner reconcile)');
  },
};
