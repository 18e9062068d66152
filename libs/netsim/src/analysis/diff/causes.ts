import type { Inventory } from '@podnet/contracts';
import type { ReachModel } from '../reach/reach';

/** A policy added, removed or modified between two input sets. */
export interface PolicyChange {
  /** `NetworkPolicy ns/name`, `AdminNetworkPolicy name`, `BaselineAdminNetworkPolicy name`. */
  policy: string;
  change: 'added' | 'removed' | 'modified';
}

function policyMap(inv: Inventory): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of inv.networkPolicies) out.set(`NetworkPolicy ${p.metadata.namespace ?? 'default'}/${p.metadata.name}`, JSON.stringify(p.spec));
  for (const p of inv.adminNetworkPolicies) out.set(`AdminNetworkPolicy ${p.metadata.name}`, JSON.stringify(p.spec));
  for (const p of inv.baselineAdminNetworkPolicies) out.set(`BaselineAdminNetworkPolicy ${p.metadata.name}`, JSON.stringify(p.spec));
  return out;
}

/**
 * Policies that differ between two inventories (by kind and name; a spec change is `modified`).
 *
 * @example
 * changedPolicies(before, after) // => [{ policy: 'NetworkPolicy shop/allow-web', change: 'added' }]
 */
export function changedPolicies(before: Inventory, after: Inventory): PolicyChange[] {
  const a = policyMap(before);
  const b = policyMap(after);
  const out: PolicyChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === y) continue;
    out.push({ policy: key, change: x === undefined ? 'added' : y === undefined ? 'removed' : 'modified' });
  }
  return out;
}

/**
 * For each changed policy present in a model: the entities it selects for ingress and for egress.
 *
 * @example
 * policySelections(model, changes).get('NetworkPolicy shop/db')?.ingress // => Set { 'shop/db' }
 */
export function policySelections(model: ReachModel, changes: readonly PolicyChange[]): Map<string, { ingress: Set<string>; egress: Set<string> }> {
  const wanted = new Set(changes.map((c) => c.policy));
  const { index, entities } = model;
  const entityOfPod = new Map<string, string>();
  for (const e of entities) for (const p of e.pods) entityOfPod.set(p.key, e.name);
  const namesOf = (classes: Iterable<number>) => {
    const out = new Set<string>();
    for (const c of classes) for (const p of index.classes[c]?.pods ?? []) out.add(entityOfPod.get(p.key) ?? p.key);
    return out;
  };
  const out = new Map<string, { ingress: Set<string>; egress: Set<string> }>();
  for (const p of index.policies) {
    const key = `NetworkPolicy ${p.key}`;
    if (!wanted.has(key)) continue;
    const names = namesOf(p.targets);
    out.set(key, { ingress: p.ingress ? names : new Set(), egress: p.egress ? names : new Set() });
  }
  for (const a of index.adminPolicies) {
    const key = `${a.kind} ${a.name}`;
    if (!wanted.has(key)) continue;
    const names = namesOf(a.subject);
    out.set(key, { ingress: a.ingress.length ? names : new Set(), egress: a.egress.length ? names : new Set() });
  }
  return out;
}
