import type { ClusterModel, SimNode, SimPod, TraceProtocol } from '../../model/types';

/** What happened to the packet (cli-contract.md). */
export type Verdict = 'delivered' | 'dropped' | 'rejected' | 'no-route' | 'unresolved';

/** What a hop did. */
export type HopAction =
  | 'send'
  | 'route'
  | 'arp'
  | 'switch'
  | 'forward'
  | 'dnat'
  | 'snat'
  | 'encap'
  | 'decap'
  | 'policy'
  | 'service'
  | 'deliver'
  | 'drop'
  | 'reject';

/** The packet as a capture at that hop shows it (outer header while encapsulated). */
export interface HopPacket {
  readonly src: string;
  /** Address, with `:port` for TCP/UDP/SCTP. */
  readonly dst: string;
  readonly protocol: string;
}

/** One step of the path. */
export interface Hop {
  /** `pod/<ns>/<name>`, `node/<name>`, `underlay`, `vpc`, `internet`, `external/<ip>`. */
  readonly at: string;
  readonly device: string;
  readonly action: HopAction;
  readonly detail: string;
  readonly packet: HopPacket;
}

/** The answer of `podnet trace` (`-o json` prints exactly this). */
export interface TraceResult {
  readonly verdict: Verdict;
  readonly reason: string;
  /** `ns/pod` that got the connection, or null. */
  readonly endpoint: string | null;
  readonly hops: Hop[];
}

/** Where a trace starts. */
export type TraceSource =
  | { readonly kind: 'pod'; readonly pod: SimPod; readonly container: string | null }
  | { readonly kind: 'node'; readonly node: SimNode }
  | { readonly kind: 'external'; readonly ip: number };

/** A destination address with what it was asked as. */
export interface TraceTarget {
  readonly ip: number;
  readonly port: number | null;
  readonly protocol: TraceProtocol;
  /** How the user named it (`default/web:8080/TCP`). */
  readonly label: string;
  /** The pod or node the user meant, when named. */
  readonly pod: SimPod | null;
  readonly node: SimNode | null;
}

/** The packet while it travels (numbers; mutable inside the engine only). */
export interface TracePacket {
  src: number;
  dst: number;
  dport: number | null;
  readonly protocol: TraceProtocol;
}

/** A trace request: SRC and DST as the CLI takes them. */
export interface TraceRequest {
  /** `ns/pod[/container]`, `node/NAME`, `external[:IP]`. */
  readonly from: string;
  /** `ns/pod`, `node/NAME`, an IP (or, with a service stage, `ns/svc`, a DNS name), with `:port[/proto]`. */
  readonly to: string;
  /** Seed for random choices made by stages (kube-proxy endpoint choice); default 0. */
  readonly seed?: number;
}

/* ----------------------------- extension points ----------------------------- */

/** Question asked of a NetworkPolicy evaluator at one enforcement point. */
export interface PolicyQuery {
  /** `egress`: at the source pod, as the packet leaves it; `ingress`: at the destination pod, before delivery. */
  readonly direction: 'egress' | 'ingress';
  /** The pod whose policies apply (the source for egress, the destination for ingress). */
  readonly pod: SimPod;
  /** The other end, as the packet shows it at that point (after Service DNAT, after SNAT). */
  readonly peer: { readonly ip: string; readonly pod: SimPod | null; readonly node: SimNode | null };
  readonly port: number | null;
  readonly protocol: TraceProtocol;
  readonly model: ClusterModel;
}

/** An evaluator's answer; a denial ends the trace (dropped, or rejected if the evaluator says so). */
export interface PolicyDecision {
  readonly allowed: boolean;
  /** Words for the hop: which policy and rule decided. */
  readonly reason: string;
  readonly verdict?: 'dropped' | 'rejected';
}

/**
 * NetworkPolicy (and AdminNetworkPolicy) evaluation, plugged in by `libs/netsim/src/policy`. The engine asks
 * it once for egress at the source pod and once for ingress at the destination pod, always with addresses
 * after Service DNAT.
 */
export interface PolicyEvaluator {
  evaluate(query: PolicyQuery): PolicyDecision;
}

/** A destination a stage resolved (a Service's ClusterIP, a DNS answer), or why it did not resolve. */
export type StageResolution =
  | { readonly ip: string; readonly port?: number | null; readonly protocol?: TraceProtocol; readonly label?: string; readonly hops?: readonly StageHop[] }
  | { readonly unresolved: string; readonly hops?: readonly StageHop[] };

/** A hop a stage adds (its `at` and packet are filled in by the engine). */
export interface StageHop {
  readonly device: string;
  readonly action: HopAction;
  readonly detail: string;
}

/** Where the service stage runs and what it sees. */
export interface ServiceStageContext {
  readonly model: ClusterModel;
  /** The node whose netfilter the packet traverses first (the source pod's node, the node itself, the receiving node). */
  readonly node: SimNode;
  /** `PREROUTING` for traffic arriving from a pod or the wire, `OUTPUT` for the node's own traffic. */
  readonly hook: 'PREROUTING' | 'OUTPUT';
  readonly inDevice: string | null;
  readonly source: TraceSource;
  readonly packet: Readonly<TracePacket>;
  readonly seed: number;
}

/** What the service stage did: hops, and the rewritten destination (DNAT) or a final verdict (REJECT: no endpoints). */
export interface ServiceTranslation {
  readonly hops: readonly StageHop[];
  readonly dst?: number;
  readonly dport?: number | null;
  readonly src?: number;
  readonly end?: { readonly verdict: Verdict; readonly reason: string };
}

/**
 * kube-proxy / DNS, plugged in by `libs/netsim/src/services`: `resolve` turns a DST the core does not know
 * (`ns/svc`, a DNS name) into an address; `translate` runs once in the first node's netfilter (PREROUTING or
 * OUTPUT) before routing, and may DNAT.
 */
export interface ServiceStage {
  resolve?(target: string, ctx: { readonly model: ClusterModel; readonly source: TraceSource }): StageResolution | null;
  translate?(ctx: ServiceStageContext): ServiceTranslation | null;
}

/**
 * Stages plugged into the engine. `policy` defaults to the NetworkPolicy/ANP/BANP evaluator of the model's
 * inputs (when they hold any); pass `null` to trace without policies.
 */
export interface TraceStages {
  readonly policy?: PolicyEvaluator | null;
  readonly service?: ServiceStage;
}
