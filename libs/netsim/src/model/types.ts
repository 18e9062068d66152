import type { ClusterDesign, CniPlugin, Inventory, PodRecord, Taint } from '@podnet/contracts';
import type { Cidr4 } from '../net/ipv4';
import type { IpamState } from '../ipam/ipam';

/** Transport protocols a trace can carry; ICMP when no port is given. */
export type TraceProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP';

/** The subnet a node (or an ENI) sits in. */
export interface SimSubnet {
  /** Name, else id, else the CIDR. */
  readonly name: string;
  readonly cidr: Cidr4;
  readonly zone: string | null;
  readonly role: string;
}

/** One node: its identity, address, scheduling facts and, once built, its pods. */
export interface SimNode {
  /** Position in node order (explicit design nodes, Node manifests, then node groups). */
  readonly index: number;
  readonly name: string;
  /** InternalIP as a dotted quad and as a number. */
  readonly ip: string;
  readonly ipNum: number;
  readonly origin: 'design' | 'manifest' | 'nodeGroup';
  readonly group: string | null;
  readonly instanceType: string | null;
  readonly zone: string | null;
  readonly subnet: SimSubnet | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** Kubelet max pods, and the words used when it binds (`m5.large allows 29`). */
  readonly maxPods: number;
  readonly maxPodsSource: string;
  /** The node's podCIDR (bridge/host-local), or null. */
  podCidr: Cidr4 | null;
  /** Pods bound to the node, in binding order. */
  readonly pods: SimPod[];
}

/** A port a container declares (`containerPort`), with its optional host port. */
export interface SimPort {
  readonly container: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly name: string | null;
  readonly hostPort: number | null;
  readonly hostIP: string | null;
}

/** One pod: one network namespace shared by its containers. */
export interface SimPod {
  readonly index: number;
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly record: PodRecord;
  readonly hostNetwork: boolean;
  readonly containers: readonly string[];
  readonly ports: readonly SimPort[];
  node: SimNode | null;
  /** Running once placed (and given an address); Succeeded/Failed from the manifest's status: no sandbox, no address. */
  phase: 'Running' | 'Pending' | 'Succeeded' | 'Failed';
  pendingReason: string | null;
  /** The pod IP (the node IP for hostNetwork pods), or null while Pending. */
  ip: string | null;
  ipNum: number;
  /** Where the IP came from. */
  ipSource: 'status' | 'ipam' | 'node' | null;
  /** VPC CNI: device index of the ENI holding the pod's address, else -1. */
  eniDevice: number;
}

/** The cluster a design describes: nodes, pods, addresses and the CNI's IPAM state, with lookups. */
export interface ClusterModel {
  /** The inventory the model was built from (not modified): policies, services and the rest of the inputs. */
  readonly inventory: Inventory;
  readonly design: ClusterDesign;
  readonly cni: CniPlugin;
  /** AWS region (provider aws), else null. */
  readonly region: string | null;
  readonly nodes: readonly SimNode[];
  readonly pods: readonly SimPod[];
  readonly nodeByName: ReadonlyMap<string, SimNode>;
  readonly nodeByIp: ReadonlyMap<number, SimNode>;
  readonly podByKey: ReadonlyMap<string, SimPod>;
  /** Running, non-hostNetwork pods by IP (cluster-unique addresses; empty for docker-bridge). */
  readonly podByIp: ReadonlyMap<number, SimPod>;
  /** The VPC CIDR blocks (provider aws), else []. */
  readonly vpcCidrs: readonly Cidr4[];
  /** The cluster's pod ranges (pod CIDRs, Calico pools, or the VPC for the VPC CNI). */
  readonly podRanges: readonly Cidr4[];
  readonly serviceCidrs: readonly Cidr4[];
  /** The node network when it is not a VPC (generic provider): where node IPs live. */
  readonly nodeNetworks: readonly Cidr4[];
  readonly ipam: IpamState;
  /** Facts worth telling the user (a status.podIP outside the CNI's ranges, pods left Pending). */
  readonly warnings: readonly string[];
}
