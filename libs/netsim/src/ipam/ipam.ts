import type { ClusterDesign } from '@podnet/contracts';
import type { AddressBook } from '../model/address-book';
import type { SimNode, SimPod, SimSubnet } from '../model/types';
import type { Cidr4 } from '../net/ipv4';

/** What an IPAM implementation gets: the design, the nodes with their pods bound, and the shared address book. */
export interface IpamContext {
  readonly design: ClusterDesign;
  readonly nodes: readonly SimNode[];
  readonly book: AddressBook;
  /** Subnets by name or id (AWS). */
  readonly subnet: (ref: string) => SimSubnet | null;
  readonly warnings: string[];
  /** No ClusterDesign was given: a kubenet-style cluster (bridge `cbr0`, cli-contract.md). */
  readonly generic: boolean;
}

/** The CNI range that holds an address: the node it is routed to and the range's name. */
export interface RangeOwner {
  readonly node: SimNode;
  /** `10.244.1.0/24` (podCIDR), `192.168.0.64/26` (Calico block), `10.0.1.37/32` (borrowed), `eth1` (ENI). */
  readonly range: string;
  /** Calico: an address borrowed from another node's block (advertised as a /32). */
  readonly borrowed?: boolean;
}

/** State every IPAM keeps. */
interface IpamBase {
  /** Cluster-wide ranges pods take addresses from. */
  readonly ranges: readonly Cidr4[];
  /** Where the CNI's ranges route the address, or null. */
  ownerOf(ip: number): RangeOwner | null;
}

/** bridge + host-local: one podCIDR per node, the gateway on the bridge. */
export interface BridgeIpamState extends IpamBase {
  readonly kind: 'bridge';
  readonly bridgeName: string;
  readonly clusterCidrs: readonly Cidr4[];
}

/** A Calico IPAM block and the node it is affine to. */
export interface CalicoBlock {
  readonly cidr: Cidr4;
  readonly pool: CalicoPoolState;
  affinity: SimNode | null;
  /** Allocated ordinals. */
  readonly used: Uint8Array;
  allocated: number;
}

/** One Calico IP pool, as IPAM and the dataplane read it. */
export interface CalicoPoolState {
  readonly name: string;
  readonly cidr: Cidr4;
  readonly blockSize: number;
  readonly encapsulation: 'IPIP' | 'VXLAN' | 'None';
  readonly mode: 'Always' | 'CrossSubnet';
  readonly natOutgoing: boolean;
  readonly disabled: boolean;
  readonly selects: (node: SimNode) => boolean;
  /** Blocks by index inside the pool. */
  readonly blocks: Map<number, CalicoBlock>;
  nextUnclaimed: number;
}

/** Calico IPAM: pools carved into blocks affine to nodes; borrowed addresses; tunnel addresses. */
export interface CalicoIpamState extends IpamBase {
  readonly kind: 'calico';
  readonly pools: readonly CalicoPoolState[];
  /** Blocks affine to each node (by node index), in claim order. */
  readonly nodeBlocks: readonly CalicoBlock[][];
  /** Borrowed addresses and the node hosting them. */
  readonly borrowed: ReadonlyMap<number, SimNode>;
  /** tunl0 / vxlan.calico address per node index (-1 when no encapsulation). */
  readonly tunnelIp: readonly number[];
  /** The pool holding an address, or undefined. */
  poolOf(ip: number): CalicoPoolState | undefined;
}

/** One ENI of a node as the VPC CNI set it up. */
export interface SimEni {
  readonly node: SimNode;
  readonly deviceIndex: number;
  readonly role: 'primary' | 'pods' | 'trunk';
  readonly subnet: SimSubnet;
  readonly primaryIp: number;
  /** Secondary IPs (secondary-IP mode), ascending. */
  readonly secondaryIps: number[];
  /** /28 prefixes (prefix delegation): their first addresses. */
  readonly prefixes: number[];
  /** Pods whose address is on this ENI. */
  readonly pods: SimPod[];
}

/** Amazon VPC CNI: pod addresses are secondary IPs or /28 members on the nodes' ENIs. */
export interface VpcIpamState extends IpamBase {
  readonly kind: 'aws-vpc-cni';
  /** ENIs per node index, in device-index order. */
  readonly enis: readonly SimEni[][];
  /** The ENI holding an address (primary, secondary or prefix member), or undefined. */
  eniOf(ip: number): SimEni | undefined;
  readonly externalSnat: boolean;
  readonly excludeSnat: readonly Cidr4[];
  readonly prefixDelegation: boolean;
  readonly customNetworking: boolean;
}

/** Docker's default bridge: the same 172.17.0.0/16 on every host. */
export interface DockerIpamState extends IpamBase {
  readonly kind: 'docker-bridge';
  readonly bridgeName: string;
  readonly cidr: Cidr4;
  readonly ipMasq: boolean;
  /** Containers by address, per node index (addresses repeat across hosts). */
  readonly local: readonly ReadonlyMap<number, SimPod>[];
}

/** The IPAM state of whichever CNI the design uses. */
export type IpamState = BridgeIpamState | CalicoIpamState | VpcIpamState | DockerIpamState;

/** One IPAM implementation: assigns an address to every Running non-hostNetwork pod (or leaves it Pending with the reason). */
export type IpamAllocator = (ctx: IpamContext) => IpamState;

/**
 * Marks a pod Pending with the CNI's reason (it keeps its node: the sandbox never gets an address).
 *
 * @example
 * failPod(pod, 'failed to assign an IP address to container') // pod.phase === 'Pending'
 */
export function failPod(pod: SimPod, reason: string): void {
  pod.phase = 'Pending';
  pod.pendingReason = reason;
}

/**
 * Gives a pod its address.
 *
 * @example
 * setPodIp(pod, ip4('10.244.0.2'), '10.244.0.2', 'ipam') // pod.ip === '10.244.0.2'
 */
export function setPodIp(pod: SimPod, ip: number, text: string, source: 'status' | 'ipam'): void {
  pod.ip = text;
  pod.ipNum = ip;
  pod.ipSource = source;
}
