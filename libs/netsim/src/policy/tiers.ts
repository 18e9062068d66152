import { PortSetTable } from './port-set';
import type { CompiledPeer, CompiledRule, PolicyClass, PolicyIndex } from './types';

/** The other end of a connection as policy sees it: a pod class, or an IPv4 address outside every class. */
export type Party = { cls: number; ip?: undefined } | { ip: number; cls?: undefined };

function hasClass(arr: Int32Array, c: number): boolean {
  let lo = 0;
  let hi = arr.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = arr[mid]!;
    if (v === c) return true;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Whether a peer selects the party.
 *
 * @example
 * peerMatches(rule.peers![0]!, { ip: ipv4ToNumber('8.8.8.8')! }) // => true for an ipBlock 8.8.8.0/24
 */
export function peerMatches(peer: CompiledPeer, other: Party): boolean {
  if (other.cls !== undefined) return hasClass(peer.classes, other.cls);
  const ip = other.ip;
  return peer.ranges.some(([lo, hi]) => ip >= lo && ip <= hi);
}

/**
 * The first peer of a rule that selects the party: its index, -1 for a rule without peers, undefined for none.
 *
 * @example
 * matchingPeer(rule, { cls: 3 }) // => 1 (the second peer selects class 3)
 */
export function matchingPeer(rule: CompiledRule, other: Party): number | undefined {
  if (rule.peers === null) return -1;
  const hit = rule.peers.find((p) => peerMatches(p, other));
  return hit?.index;
}

/**
 * Ports one direction allows at `subject` toward/from `other`, through the tiers in order:
 * AdminNetworkPolicy (priority, then rule order; Allow/Deny final, Pass hands on) -> NetworkPolicy (if any
 * selects the subject in that direction, it decides the rest) -> BaselineAdminNetworkPolicy -> allow.
 * `dstClass` is where named ports resolve (the destination pod; undefined for an IP destination).
 *
 * @example
 * index.ports.format(directionPorts(index, 'ingress', index.classes[d]!, { cls: s }, d)) // => 'TCP 5432'
 */
export function directionPorts(index: PolicyIndex, dir: 'ingress' | 'egress', subject: PolicyClass, other: Party, dstClass: number | undefined): number {
  const t = index.ports;
  const rules = dir === 'ingress' ? subject.ingressRules : subject.egressRules;
  const isolated = (dir === 'ingress' ? subject.ingressPolicies : subject.egressPolicies).length > 0;
  let np = PortSetTable.ALL;
  if (isolated) {
    np = PortSetTable.NONE;
    for (const rule of rules) {
      if (matchingPeer(rule, other) !== undefined) np = t.union(np, index.rulePorts(rule, dstClass));
      if (np === PortSetTable.ALL) break;
    }
  }
  if (subject.admin.length === 0 && !subject.baseline) return np;
  let allowed = PortSetTable.NONE;
  let decided = PortSetTable.NONE;
  // Ports a Pass rule matched skip every later ANP rule but stay undecided for NetworkPolicy/BANP.
  let passed = PortSetTable.NONE;
  for (const anp of subject.admin) {
    for (const rule of anp[dir]) {
      if (matchingPeer(rule, other) === undefined) continue;
      const p = t.subtract(t.subtract(index.rulePorts(rule, dstClass), decided), passed);
      if (rule.ref.action === 'Allow') allowed = t.union(allowed, p);
      if (rule.ref.action === 'Pass') passed = t.union(passed, p);
      else decided = t.union(decided, p);
    }
  }
  let rest = t.subtract(PortSetTable.ALL, decided);
  if (isolated) return t.union(allowed, t.intersect(rest, np));
  for (const rule of subject.baseline?.[dir] ?? []) {
    if (matchingPeer(rule, other) === undefined) continue;
    const p = t.intersect(index.rulePorts(rule, dstClass), rest);
    if (rule.ref.action === 'Allow') allowed = t.union(allowed, p);
    rest = t.subtract(rest, p);
  }
  return t.union(allowed, rest);
}
