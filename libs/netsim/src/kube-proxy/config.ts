import type { ProxyNode } from '../services/types';

/** kube-proxy backends (`--proxy-mode`). */
export type ProxyMode = 'iptables' | 'nftables' | 'ipvs';

/** The kube-proxy settings that change what it programs (`KubeProxyConfiguration`, defaults from v1alpha1). */
export interface KubeProxyConfig {
  readonly mode: ProxyMode;
  /** `--cluster-cidr` per family, for local-traffic detection (`detectLocalMode: ClusterCIDR`); empty = none. */
  readonly clusterCIDRs: readonly string[];
  readonly masqueradeAll: boolean;
  /** `masqueradeBit` (default 14 -> mark 0x4000). */
  readonly masqueradeBit: number;
  /** `--nodeport-addresses`; empty = every local address (iptables default); nftables defaults to `primary`. */
  readonly nodePortAddresses: readonly string[];
  /** `iptables.localhostNodePorts` (default true). */
  readonly localhostNodePorts: boolean;
  /** iptables `--random-fully` support on the node (modern iptables: true). */
  readonly randomFully: boolean;
  /** IPVS scheduler (default rr). */
  readonly ipvsScheduler: string;
  /** `PreferSameTrafficDistribution` feature gate (beta, on by default since 1.34). */
  readonly preferSameNodeGate: boolean;
}

/** Defaults as kube-proxy ships them. */
export const DEFAULT_KUBE_PROXY_CONFIG: KubeProxyConfig = {
  mode: 'iptables',
  clusterCIDRs: [],
  masqueradeAll: false,
  masqueradeBit: 14,
  nodePortAddresses: [],
  localhostNodePorts: true,
  randomFully: true,
  ipvsScheduler: 'rr',
  preferSameNodeGate: true,
};

/** The node kube-proxy runs on, with its family. */
export interface ProxyTarget {
  readonly node: ProxyNode;
  readonly family: 4 | 6;
}

/** The masquerade mark as kube-proxy prints it (`%#08x` of 1 << bit, e.g. `0x4000`). */
export function masqueradeMark(bit: number): string {
  return `0x${(1 << bit).toString(16).padStart(4, '0')}`;
}
