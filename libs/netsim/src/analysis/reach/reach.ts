import type { Inventory } from '@podnet/contracts';
import { compilePolicyIndex } from '../../policy/compile';
import { explainDirection } from '../../policy/explain-set';
import { numberToIpv4 } from '../../policy/ipv4';
import { PortSetTable, type AllowedPorts } from '../../policy/port-set';
import type { PolicyIndex, PolicyOptions } from '../../policy/types';
import { buildClassMatrix, type ClassMatrix } from './class-matrix';
import { reachEntities, type ReachEntity } from './entities';
import { externalRanges, forEachEntityPair, rangeCidrs } from './enumerate';
import { exposingRules, type ExposingRule } from './exposure-rules';

/** A reach endpoint: `namespace/name` (workload or pod) or an external IPv4 range as CIDRs. */
export type ReachEndpoint = string | { cidrs: string[] };

/** One allowed connection of the matrix. */
export interface ReachConnection {
  src: ReachEndpoint;
  dst: ReachEndpoint;
  allowed: AllowedPorts;
  /** With `explain`: the isolating policies and the rules that allowed it, egress then ingress. */
  explanation?: string[];
}

/** Options of `podnet reach`. */
export interface ReachOptions extends PolicyOptions {
  by?: 'workload' | 'pod';
  /** Only connections from or to this `namespace/name`. */
  focus?: string;
  explain?: boolean;
}

/** The reach document: exactly what `podnet reach -o json` prints. */
export interface ReachResult {
  connections: ReachConnection[];
}

/** The matrix and the entities it is read through. */
export interface ReachModel {
  index: PolicyIndex;
  matrix: ClassMatrix;
  entities: ReachEntity[];
}

/**
 * Compiles an inventory and computes its class matrix.
 *
 * @example
 * buildReachModel(inventory, { by: 'pod' }).entities.length // => number of pods
 */
export function buildReachModel(inventory: Inventory, options: ReachOptions = {}): ReachModel {
  const index = compilePolicyIndex(inventory, options);
  const matrix = buildClassMatrix(index);
  return { index, matrix, entities: reachEntities(index, options.by ?? 'workload') };
}

function explainPair(model: ReachModel, a: ReachEntity | undefined, b: ReachEntity | undefined, ip: number | undefined): string[] {
  const { index, matrix } = model;
  // Explain through the first pair of classes that allows something (a workload's pods may differ).
  let src = a?.classes[0];
  let dst = b?.classes[0];
  if (a && b) {
    const hit = a.classes.flatMap((x) => b.classes.map((y) => [x, y] as const)).find(([x, y]) => matrix.pair[x * matrix.C + y] !== PortSetTable.NONE);
    if (hit) [src, dst] = hit;
  }
  const lines: string[] = [];
  if (src !== undefined) lines.push(...explainDirection(index, 'egress', index.classes[src]!, dst !== undefined ? { cls: dst } : { ip: ip ?? 0 }, dst));
  else lines.push(`egress: the source ${numberToIpv4(ip ?? 0)}.. is outside the cluster; no policy applies`);
  if (dst !== undefined) lines.push(...explainDirection(index, 'ingress', index.classes[dst]!, src !== undefined ? { cls: src } : { ip: ip ?? 0 }, dst));
  else lines.push(`ingress: the destination is outside the cluster; no policy applies`);
  return lines;
}

/**
 * The reachability matrix: every pair of workloads (or pods) with something allowed, and every external IPv4
 * range (split at ipBlock boundaries, neighbours with the same connectivity merged) toward or from each.
 * Order: by source entity; for each, destinations by name, then its egress ranges, then the ranges that may
 * reach it. Deterministic; never an entity to itself.
 *
 * @example
 * computeReach(inventory, { by: 'workload' }).connections[0] // => { src: 'shop/web', dst: 'shop/db', allowed: [{ protocol: 'TCP', ports: [[5432, 5432]] }] }
 */
export function computeReach(inventory: Inventory, options: ReachOptions = {}): ReachResult {
  return reachFromModel(buildReachModel(inventory, options), options);
}

/**
 * {@link computeReach} over an already built model.
 *
 * @example
 * reachFromModel(buildReachModel(inventory), { focus: 'shop/db' }).connections.length // => 2
 */
export function reachFromModel(model: ReachModel, options: ReachOptions = {}): ReachResult {
  const connections: ReachConnection[] = [];
  visitReach(model, options, (c) => connections.push(c));
  return { connections };
}

/**
 * Streams the connections of {@link computeReach}, in the same order, one at a time, without holding the
 * whole document (for outputs with millions of lines).
 *
 * @example
 * visitReach(model, {}, (c) => lines.push(`${JSON.stringify(c.src)} => ${JSON.stringify(c.dst)}`));
 */
export function visitReach(model: ReachModel, options: ReachOptions, visit: (c: ReachConnection) => void): void {
  const { matrix, entities, index } = model;
  const t = index.ports;
  const focus = options.focus;
  const keep = (a: string, b: string) => !focus || a === focus || b === focus;
  const pair = (i: number, j: number, ports: number) => {
    const a = entities[i]!;
    const b = entities[j]!;
    if (!keep(a.name, b.name)) return;
    visit({ src: a.name, dst: b.name, allowed: t.toAllowed(ports), ...(options.explain ? { explanation: explainPair(model, a, b, undefined) } : {}) });
  };
  const externals = (i: number) => {
    const e = entities[i]!;
    if (focus && e.name !== focus) return;
    for (const r of externalRanges(matrix, e, 'egress')) {
      visit({ src: e.name, dst: { cidrs: rangeCidrs(r) }, allowed: t.toAllowed(r.ports), ...(options.explain ? { explanation: explainPair(model, e, undefined, r.first) } : {}) });
    }
    for (const r of externalRanges(matrix, e, 'ingress')) {
      visit({ src: { cidrs: rangeCidrs(r) }, dst: e.name, allowed: t.toAllowed(r.ports), ...(options.explain ? { explanation: explainPair(model, undefined, e, r.first) } : {}) });
    }
  };
  forEachEntityPair(matrix, entities, pair, externals);
}

/** Who can reach a workload from outside its namespace or from outside the cluster. */
export interface ExposureEntry {
  workload: string;
  /** True when some NetworkPolicy (or ANP/BANP) governs its ingress. */
  ingressProtected: boolean;
  fromOtherNamespaces: { src: string; allowed: AllowedPorts }[];
  fromOutsideCluster: { cidrs: string[]; allowed: AllowedPorts }[];
  /** Rules that would admit pods of other namespaces or outside addresses, whether or not such pods exist. */
  exposingRules: ExposingRule[];
}

/**
 * The exposure view: for each workload (or only `focus`), the workloads of other namespaces and the external
 * ranges that may open connections to it.
 *
 * @example
 * computeExposure(model, {}).exposure.find((e) => e.workload === 'shop/web')?.fromOutsideCluster // => [{ cidrs: ['0.0.0.0/0'], allowed: [...] }]
 */
export function computeExposure(model: ReachModel, options: { focus?: string } = {}): { exposure: ExposureEntry[] } {
  const { matrix, entities, index } = model;
  const t = index.ports;
  const from: { src: string; allowed: AllowedPorts }[][] = entities.map(() => []);
  forEachEntityPair(matrix, entities, (i, j, ports) => {
    const a = entities[i]!;
    const b = entities[j]!;
    if (a.namespace !== b.namespace) from[j]!.push({ src: a.name, allowed: t.toAllowed(ports) });
  });
  const exposure = entities
    .map((e, j) => ({
      workload: e.name,
      ingressProtected: e.classes.some((c) => {
        const cls = index.classes[c]!;
        return cls.ingressPolicies.length > 0 || cls.admin.length > 0 || cls.baseline !== undefined;
      }),
      fromOtherNamespaces: from[j]!,
      fromOutsideCluster: externalRanges(matrix, e, 'ingress').map((r) => ({ cidrs: rangeCidrs(r), allowed: t.toAllowed(r.ports) })),
      exposingRules: exposingRules(index, e),
    }))
    .filter((e) => !options.focus || e.workload === options.focus);
  return { exposure };
}

export { PortSetTable };
