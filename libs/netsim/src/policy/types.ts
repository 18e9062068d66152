import type { PolicyContainerPort, PolicyNode, PolicyPod } from './endpoints';
import type { L4Protocol, PortSetTable } from './port-set';

/** Which object and rule a decision came from. Indexes are 0-based positions in the manifest's lists. */
export interface RuleRef {
  kind: 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  /** `namespace/name` for NetworkPolicy, `name` for the cluster-scoped kinds. */
  policy: string;
  direction: 'ingress' | 'egress';
  ruleIndex: number;
  /** Index in `from`/`to`; absent when the rule has no peers (matches every peer). */
  peerIndex?: number;
  /** Index in `ports`; absent when the rule has no ports (matches every port). */
  portIndex?: number;
  /** ANP/BANP rule action. */
  action?: 'Allow' | 'Deny' | 'Pass';
}

/** One peer of a rule: pod classes it selects and/or IPv4 ranges it covers. */
export interface CompiledPeer {
  index: number;
  text: string;
  /** Sorted class ids the peer selects (pods by selector, or by IP for ipBlocks when they match pod IPs). */
  classes: Int32Array;
  /** IPv4 ranges (inclusive) the peer covers, for IP-range peers; empty for selector peers. */
  ranges: readonly (readonly [number, number])[];
}

/** One port entry of a rule. */
export interface CompiledPort {
  index: number;
  protocol: L4Protocol;
  port?: number;
  endPort?: number;
  name?: string;
  /** ANP `namedPort`: matches the container port of that name whatever its protocol. */
  anyProtocol?: boolean;
}

/** One rule of a NetworkPolicy, ANP or BANP, ready to evaluate. */
export interface CompiledRule {
  id: number;
  ref: RuleRef;
  /** Null = the rule matches every peer (from/to missing, null or []). */
  peers: readonly CompiledPeer[] | null;
  /** Null = every port of every protocol. */
  ports: readonly CompiledPort[] | null;
  /** Port set id when no port is named (the same for every destination). */
  staticPorts?: number;
}

/** A NetworkPolicy after compilation. */
export interface CompiledPolicy {
  id: number;
  key: string;
  namespace: string;
  name: string;
  targets: Int32Array;
  /** Null when the policy does not apply in that direction (effective policyTypes). */
  ingress: readonly CompiledRule[] | null;
  egress: readonly CompiledRule[] | null;
}

/** An ANP or BANP after compilation; BANP has priority Infinity. */
export interface CompiledAdminPolicy {
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  name: string;
  priority: number;
  subject: Int32Array;
  ingress: readonly CompiledRule[];
  egress: readonly CompiledRule[];
}

/** Pods that every selector and ipBlock sees the same way: they get the same verdicts. */
export interface PolicyClass {
  id: number;
  pods: PolicyPod[];
  ports: readonly PolicyContainerPort[];
  portsKey: number;
  hostNetworkAsNode: boolean;
  ingressPolicies: number[];
  egressPolicies: number[];
  ingressRules: CompiledRule[];
  egressRules: CompiledRule[];
  /** ANPs whose subject holds the class, by priority then name. */
  admin: CompiledAdminPolicy[];
  baseline: CompiledAdminPolicy | undefined;
}

/** Switches where implementations differ (docs/netpol.md §1, §2). */
export interface PolicyOptions {
  /** Whether ipBlock (and ANP networks) match pod IPs; default from the design's CNI ({@link defaultIpBlockMatchesPods}). */
  ipBlockMatchesPods?: boolean;
  /** hostNetwork pods: `node` = invisible to selectors and seen as their node's IP (default); `pod` = ordinary pods. */
  hostNetwork?: 'node' | 'pod';
}

/**
 * Everything compiled once per inventory: pods grouped into classes, policies with their selections resolved
 * to classes, and the port-set table. Build it with `compilePolicyIndex`; query it with `evaluateConnection`.
 */
export interface PolicyIndex {
  options: Required<PolicyOptions>;
  ports: PortSetTable;
  pods: readonly PolicyPod[];
  podByKey: ReadonlyMap<string, PolicyPod>;
  podByIp: ReadonlyMap<number, PolicyPod>;
  classOfPod: ReadonlyMap<string, number>;
  classes: readonly PolicyClass[];
  policies: readonly CompiledPolicy[];
  adminPolicies: readonly CompiledAdminPolicy[];
  nodes: readonly PolicyNode[];
  /** Sorted starts of the elementary IPv4 intervals (first is 0): ipBlock boundaries split the space here. */
  bounds: readonly number[];
  /** Suspect but valid inputs (named port on an IP peer, policy selecting no pods, ...). */
  warnings: string[];
  /** Port set of a rule toward a destination class (named ports resolved on it), or toward an IP (`undefined`). */
  rulePorts(rule: CompiledRule, dstClass: number | undefined): number;
}
