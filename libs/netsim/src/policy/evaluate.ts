import type { PolicyPod } from './endpoints';
import { ipv4ToNumber } from './ipv4';
import type { L4Protocol } from './port-set';
import { matchingPeer, type Party } from './tiers';
import type { CompiledRule, PolicyClass, PolicyIndex, RuleRef } from './types';

/** One end of a connection: a pod by `namespace/name`, or an IPv4 address (a pod's IP is taken as that pod). */
export type PolicyEndpoint = { pod: string } | { ip: string };

/** How one direction (egress at the source, ingress at the destination) decided. */
export interface DirectionDecision {
  allowed: boolean;
  /**
   * What decided: `not-a-pod` (no policy applies to an external end), `exempt` (loopback, the pod's own node),
   * `not-isolated` (no policy selects the pod in this direction), `rule` (a rule allowed it), `no-rule`
   * (isolated and nothing matched), `admin` / `baseline` (an ANP/BANP rule decided), `host-network`
   * (a hostNetwork pod seen as its node: policies do not apply to it).
   */
  decidedBy: 'not-a-pod' | 'exempt' | 'not-isolated' | 'rule' | 'no-rule' | 'admin' | 'baseline' | 'host-network';
  /** NetworkPolicies (`namespace/name`) that isolate the pod in this direction. */
  isolatedBy: string[];
  /** The rule that decided (policy, direction, rule index, peer index, port index). */
  rule?: RuleRef;
  reason: string;
}

/** The verdict on one connection, with what decided it on each side. */
export interface PolicyVerdict {
  allowed: boolean;
  egress: DirectionDecision;
  ingress: DirectionDecision;
  /** One line naming the deciding policy and rule. */
  explanation: string;
}

const refText = (r: RuleRef) =>
  `${r.kind} ${r.policy} ${r.direction} rule ${r.ruleIndex}${r.peerIndex !== undefined ? ` peer ${r.peerIndex}` : ' (all peers)'}${r.portIndex !== undefined ? ` port ${r.portIndex}` : ' (all ports)'}${r.action ? ` action ${r.action}` : ''}`;

/** The first port entry of a rule that covers (protocol, port) toward the destination: index, -1 = no ports, undefined = none. */
function matchingPort(index: PolicyIndex, rule: CompiledRule, dstClass: number | undefined, protocol: L4Protocol, port: number): number | undefined {
  if (rule.ports === null) return -1;
  const dstPorts = dstClass === undefined ? [] : (index.classes[dstClass]?.ports ?? []);
  const hit = rule.ports.find((p) => {
    if (p.name !== undefined) return dstPorts.some((c) => c.name === p.name && (p.anyProtocol || c.protocol === p.protocol) && c.protocol === protocol && c.port === port);
    if (p.protocol !== protocol) return false;
    if (p.port === undefined) return true;
    return port >= p.port && port <= (p.endPort ?? p.port);
  });
  return hit?.index;
}

function firstMatch(index: PolicyIndex, rules: readonly CompiledRule[], other: Party, dstClass: number | undefined, protocol: L4Protocol, port: number): RuleRef | undefined {
  for (const rule of rules) {
    const peer = matchingPeer(rule, other);
    if (peer === undefined) continue;
    const p = matchingPort(index, rule, dstClass, protocol, port);
    if (p === undefined) continue;
    return { ...rule.ref, ...(peer >= 0 ? { peerIndex: peer } : {}), ...(p >= 0 ? { portIndex: p } : {}) };
  }
  return undefined;
}

/**
 * Decides one direction for one port, through ANP -> NetworkPolicy -> BANP (see `directionPorts`).
 *
 * @example
 * decideDirection(index, 'ingress', index.classes[dst]!, { cls: src }, dst, 'TCP', 80).decidedBy // => 'rule'
 */
export function decideDirection(index: PolicyIndex, dir: 'ingress' | 'egress', subject: PolicyClass, other: Party, dstClass: number | undefined, protocol: L4Protocol, port: number): DirectionDecision {
  const isolatedBy = (dir === 'ingress' ? subject.ingressPolicies : subject.egressPolicies).map((id) => index.policies[id]!.key);
  if (subject.hostNetworkAsNode) return { allowed: true, decidedBy: 'host-network', isolatedBy, reason: `${dir}: a hostNetwork pod is seen as its node; NetworkPolicy does not apply to it` };
  for (const anp of subject.admin) {
    const ref = firstMatch(index, anp[dir], other, dstClass, protocol, port);
    if (!ref) continue;
    if (ref.action === 'Pass') break;
    return { allowed: ref.action === 'Allow', decidedBy: 'admin', isolatedBy, rule: ref, reason: `${dir}: ${ref.action === 'Allow' ? 'allowed' : 'denied'} by ${refText(ref)}` };
  }
  if (isolatedBy.length > 0) {
    const rules = dir === 'ingress' ? subject.ingressRules : subject.egressRules;
    const ref = firstMatch(index, rules, other, dstClass, protocol, port);
    if (ref) return { allowed: true, decidedBy: 'rule', isolatedBy, rule: ref, reason: `${dir}: allowed by ${refText(ref)}` };
    return { allowed: false, decidedBy: 'no-rule', isolatedBy, reason: `${dir}: isolated by ${isolatedBy.join(', ')} and no rule matched ${protocol} ${port}` };
  }
  if (subject.baseline) {
    const ref = firstMatch(index, subject.baseline[dir], other, dstClass, protocol, port);
    if (ref) return { allowed: ref.action === 'Allow', decidedBy: 'baseline', isolatedBy, rule: ref, reason: `${dir}: ${ref.action === 'Allow' ? 'allowed' : 'denied'} by ${refText(ref)}` };
  }
  return { allowed: true, decidedBy: 'not-isolated', isolatedBy, reason: `${dir}: no NetworkPolicy selects the pod for ${dir}` };
}

type Resolved = { pod: PolicyPod; cls: number } | { ip: number; pod?: undefined };

function resolve(index: PolicyIndex, endpoint: PolicyEndpoint): Resolved {
  if ('pod' in endpoint) {
    const pod = index.podByKey.get(endpoint.pod);
    if (!pod) throw new RangeError(`no pod ${endpoint.pod} in the inventory`);
    return { pod, cls: index.classOfPod.get(pod.key)! };
  }
  const ip = ipv4ToNumber(endpoint.ip);
  if (ip === undefined) throw new RangeError(`not an IPv4 address: ${endpoint.ip}`);
  const pod = index.podByIp.get(ip);
  return pod ? { pod, cls: index.classOfPod.get(pod.key)! } : { ip };
}

const partyOf = (r: Resolved): Party => (r.pod ? { cls: r.cls } : { ip: r.ip });

/**
 * The NetworkPolicy verdict on one new connection (the initiating packet; replies are always allowed):
 * egress policy at the source, ingress policy at the destination, each through the ANP -> NetworkPolicy ->
 * BANP tiers. Call it after Service DNAT, with the backend pod as destination. Loopback and traffic from the
 * destination's own node (or a hostNetwork pod on it) are always allowed. O(rules of the two pods).
 *
 * Stable signature: the trace engine calls it once per hop.
 *
 * @param index built once per inventory with `compilePolicyIndex`.
 * @param src `{pod: 'ns/name'}` or `{ip: 'a.b.c.d'}`.
 * @param dst `{pod: 'ns/name'}` or `{ip: 'a.b.c.d'}`.
 * @param port destination port (after DNAT: the container port).
 * @param protocol TCP, UDP or SCTP.
 * @throws RangeError for an unknown pod or a malformed address.
 *
 * @example
 * const v = evaluateConnection(index, { pod: 'shop/web-0' }, { pod: 'shop/db-0' }, 5432, 'TCP');
 * v.allowed // => false
 * v.ingress.reason // => 'ingress: isolated by shop/default-deny and no rule matched TCP 5432'
 */
export function evaluateConnection(index: PolicyIndex, src: PolicyEndpoint, dst: PolicyEndpoint, port: number, protocol: L4Protocol): PolicyVerdict {
  const s = resolve(index, src);
  const d = resolve(index, dst);
  const notPod = (dir: string): DirectionDecision => ({ allowed: true, decidedBy: 'not-a-pod', isolatedBy: [], reason: `${dir}: the ${dir === 'egress' ? 'source' : 'destination'} is not a pod; no policy applies` });
  const exempt = (dir: string, why: string): DirectionDecision => ({ allowed: true, decidedBy: 'exempt', isolatedBy: [], reason: `${dir}: ${why}` });
  let egress: DirectionDecision;
  let ingress: DirectionDecision;
  if (s.pod && d.pod && s.pod.key === d.pod.key) {
    egress = exempt('egress', 'a pod can always reach itself');
    ingress = exempt('ingress', 'a pod can always reach itself');
  } else {
    const dstClass = d.pod ? d.cls : undefined;
    egress = s.pod ? decideDirection(index, 'egress', index.classes[s.cls]!, partyOf(d), dstClass, protocol, port) : notPod('egress');
    const srcIp = s.pod ? (s.pod.hostNetwork ? s.pod.ip : undefined) : s.ip;
    if (!d.pod) ingress = notPod('ingress');
    else if (srcIp !== undefined && d.pod.nodeIp !== undefined && srcIp === d.pod.nodeIp) ingress = exempt('ingress', `traffic from the pod's own node (${d.pod.nodeName ?? 'node'}) is always allowed`);
    else ingress = decideDirection(index, 'ingress', index.classes[d.cls]!, partyOf(s), d.cls, protocol, port);
  }
  const allowed = egress.allowed && ingress.allowed;
  const deciding = !egress.allowed ? egress : !ingress.allowed ? ingress : egress.rule || egress.decidedBy === 'exempt' ? egress : ingress;
  return { allowed, egress, ingress, explanation: `${allowed ? 'allowed' : 'denied'}: ${allowed ? `${egress.reason}; ${ingress.reason}` : deciding.reason}` };
}
