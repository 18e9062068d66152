import type { Inventory } from '@podnet/contracts';
import { cidrRange } from '../../policy/ipv4';
import type { AllowedPorts } from '../../policy/port-set';
import { rangeToCidrs } from '../../policy/ipv4';
import { buildReachModel, reachFromModel, type ReachEndpoint, type ReachModel, type ReachOptions } from '../reach/reach';
import { policySelections, changedPolicies, type PolicyChange } from './causes';

/** One connection that differs between two input sets. */
export interface ReachChange {
  change: 'added' | 'removed' | 'changed';
  src: ReachEndpoint;
  dst: ReachEndpoint;
  before?: AllowedPorts;
  after?: AllowedPorts;
  /** Changed policies that select the source (egress) or the destination (ingress) in either version. */
  causes: string[];
}

/** `podnet diff` output. */
export interface ReachDiff {
  summary: { added: number; removed: number; changed: number };
  policyChanges: PolicyChange[];
  changes: ReachChange[];
}

const allowedKey = (a: AllowedPorts | undefined) => (a === undefined ? '' : JSON.stringify(a));

type Piece = [number, number, AllowedPorts];

function toPieces(cidrs: readonly string[], allowed: AllowedPorts): Piece[] {
  return cidrs.map((c) => cidrRange(c)).filter((r): r is [number, number] => r !== undefined).map(([a, b]) => [a, b, allowed]);
}

/** Overlays two lists of external ranges and returns the merged pieces where they differ. */
function overlay(before: Piece[], after: Piece[]): { first: number; last: number; before?: AllowedPorts; after?: AllowedPorts }[] {
  const cuts = [...new Set([0, ...before.flatMap((p) => [p[0], p[1] + 1]), ...after.flatMap((p) => [p[0], p[1] + 1])])].filter((x) => x < 2 ** 32).sort((a, b) => a - b);
  const at = (list: Piece[], ip: number) => list.find((p) => ip >= p[0] && ip <= p[1])?.[2];
  const out: { first: number; last: number; before?: AllowedPorts; after?: AllowedPorts }[] = [];
  cuts.forEach((start, i) => {
    const last = (cuts[i + 1] ?? 2 ** 32) - 1;
    const b = at(before, start);
    const a = at(after, start);
    if (allowedKey(a) === allowedKey(b)) return;
    const prev = out[out.length - 1];
    if (prev && prev.last + 1 === start && allowedKey(prev.before) === allowedKey(b) && allowedKey(prev.after) === allowedKey(a)) prev.last = last;
    else out.push({ first: start, last, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  });
  return out;
}

/**
 * Connections added, removed and changed between two input sets (workloads or pods, and external ranges
 * compared per address), each with the changed policies that select its source for egress or its
 * destination for ingress. Deterministic order: workload pairs as `podnet reach` orders them, then external
 * ranges by workload.
 *
 * @example
 * diffReach(before, after).summary // => { added: 1, removed: 0, changed: 0 }
 */
export function diffReach(before: Inventory, after: Inventory, options: ReachOptions = {}): ReachDiff {
  const opts = { ...options, explain: false, focus: undefined };
  const oldModel = buildReachModel(before, opts);
  const newModel = buildReachModel(after, opts);
  const oldConns = reachFromModel(oldModel, opts).connections;
  const newConns = reachFromModel(newModel, opts).connections;
  const policyChanges = changedPolicies(before, after);
  const selOld = policySelections(oldModel, policyChanges);
  const selNew = policySelections(newModel, policyChanges);
  const causes = (src: string | undefined, dst: string | undefined): string[] => {
    const out = new Set<string>();
    for (const sel of [selOld, selNew]) {
      for (const [policy, s] of sel) {
        if ((src && s.egress.has(src)) || (dst && s.ingress.has(dst))) out.add(policy);
      }
    }
    return out.size ? [...out].sort() : ['no policy change selects these endpoints: pods, labels or namespaces changed'];
  };

  const pairs = (conns: typeof oldConns) => new Map(conns.filter((c) => typeof c.src === 'string' && typeof c.dst === 'string').map((c) => [`${c.src as string}\u0000${c.dst as string}`, c.allowed]));
  const oldPairs = pairs(oldConns);
  const newPairs = pairs(newConns);
  const keys = [...new Set([...oldPairs.keys(), ...newPairs.keys()])].sort();
  const changes: ReachChange[] = [];
  for (const key of keys) {
    const b = oldPairs.get(key);
    const a = newPairs.get(key);
    if (allowedKey(a) === allowedKey(b)) continue;
    const [src, dst] = key.split('\u0000') as [string, string];
    changes.push({ change: b === undefined ? 'added' : a === undefined ? 'removed' : 'changed', src, dst, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}), causes: causes(src, dst) });
  }
  const external = (conns: typeof oldConns) => {
    const map = new Map<string, Piece[]>();
    for (const c of conns) {
      if (typeof c.src === 'string' && typeof c.dst === 'string') continue;
      const k = typeof c.src === 'string' ? `egress\u0000${c.src}` : `ingress\u0000${c.dst as string}`;
      const ext = (typeof c.src === 'string' ? c.dst : c.src) as { cidrs: string[] };
      map.set(k, [...(map.get(k) ?? []), ...toPieces(ext.cidrs, c.allowed)]);
    }
    return map;
  };
  const oldExt = external(oldConns);
  const newExt = external(newConns);
  for (const key of [...new Set([...oldExt.keys(), ...newExt.keys()])].sort()) {
    const [dir, name] = key.split('\u0000') as [string, string];
    for (const piece of overlay(oldExt.get(key) ?? [], newExt.get(key) ?? [])) {
      const ext = { cidrs: rangeToCidrs(piece.first, piece.last) };
      const change = piece.before === undefined ? 'added' : piece.after === undefined ? 'removed' : 'changed';
      changes.push({
        change,
        src: dir === 'egress' ? name : ext,
        dst: dir === 'egress' ? ext : name,
        ...(piece.before !== undefined ? { before: piece.before } : {}),
        ...(piece.after !== undefined ? { after: piece.after } : {}),
        causes: dir === 'egress' ? causes(name, undefined) : causes(undefined, name),
      });
    }
  }
  const count = (k: ReachChange['change']) => changes.filter((c) => c.change === k).length;
  return { summary: { added: count('added'), removed: count('removed'), changed: count('changed') }, policyChanges, changes };
}

export type { ReachModel };
