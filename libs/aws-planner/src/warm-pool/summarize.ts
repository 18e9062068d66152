import type { InstanceTypeLimits } from '../catalogue/instance-type';
import { poolStats, usedCidrs, type PoolConfig, type SimEni } from './datastore';
import type { ResolvedWarmPoolSettings } from './settings';

/** One ENI of the node and what it holds. */
export interface EniHolding {
  readonly deviceIndex: number;
  readonly role: 'primary' | 'pods' | 'trunk';
  /** `node`: the node's subnet; `pods`: the ENIConfig subnet (custom networking). */
  readonly subnet: 'node' | 'pods';
  /** Secondary IPs (secondary-IP mode) or 16 × prefixes (prefix delegation) usable by pods. */
  readonly ips: number;
  /** /28 prefixes, or null outside prefix delegation. */
  readonly prefixes: number | null;
  readonly pods: number;
  /** Subnet addresses the ENI takes: its primary plus its secondaries or prefixes. */
  readonly subnetIps: number;
}

/** What ipamd holds for the node once the pool has settled after the last pod. */
export interface WarmPoolResult {
  readonly instanceType: string;
  readonly settings: ResolvedWarmPoolSettings;
  readonly maxPods: number;
  /** Pods asked for, pods that got an address, pods left without one (pool at its limit). */
  readonly pods: number;
  readonly assignedPods: number;
  readonly unassignedPods: number;
  /** ENIs ipamd manages, the primary included, the trunk excluded. */
  readonly enis: number;
  readonly trunkEni: boolean;
  /** Addresses for pods: secondary IPs, or 16 × prefixes. */
  readonly ips: number;
  readonly prefixes: number | null;
  readonly unusedIps: number;
  readonly unusedPrefixes: number | null;
  /** Every subnet address the node holds: ENI primaries (the node IP and the trunk included) + IPs/prefixes. */
  readonly subnetIps: number;
  readonly nodeSubnetIps: number;
  /** Addresses in the ENIConfig subnet (custom networking), else 0. */
  readonly podSubnetIps: number;
  /** Per managed ENI, in device-index order (trunk excluded). */
  readonly ipsPerEni: number[];
  readonly prefixesPerEni: number[] | null;
  readonly podsPerEni: number[];
  readonly podsPerPrefix: number[] | null;
  /** Every ENI in device-index order, the trunk included. */
  readonly eniHoldings: EniHolding[];
  /** Device index of the ENI holding each pod's address, in the order pods were added. */
  readonly podDeviceIndex: number[];
  /** IPv6 mode: one /80 per ENI; IPv4 use is the node's primary address. */
  readonly ipv6Prefixes: number | null;
  readonly notes: string[];
}

/**
 * The result of a simulation from the final datastore: totals, per-ENI lists in device-index order, subnet
 * addresses on each side (node subnet, ENIConfig subnet).
 *
 * @example
 * summarize(limits, settings, config, enis, 5, 11, [0, 0, 0, 1, 1], 0, []).ipsPerEni // => [3, 3, 3]
 */
export function summarize(
  limits: InstanceTypeLimits,
  settings: ResolvedWarmPoolSettings,
  config: PoolConfig,
  enis: readonly SimEni[],
  pods: number,
  maxPods: number,
  podDeviceIndex: number[],
  unassignedPods: number,
  notes: string[],
): WarmPoolResult {
  const pd = config.prefixDelegation;
  const managed = enis.filter((eni) => !eni.trunk);
  const holdings: EniHolding[] = enis.map((eni) => {
    const ips = eni.cidrs * config.unit;
    return {
      deviceIndex: eni.deviceIndex,
      role: eni.primary ? 'primary' : eni.trunk ? 'trunk' : 'pods',
      subnet: settings.customNetworking && !eni.primary ? 'pods' : 'node',
      ips,
      prefixes: pd ? eni.cidrs : null,
      pods: eni.assigned,
      subnetIps: 1 + ips,
    };
  });
  const stats = poolStats(enis, config);
  const podsPerPrefix: number[] = [];
  if (pd) {
    for (const eni of managed) {
      for (let index = 0; index < eni.cidrs; index++) {
        podsPerPrefix.push(Math.min(16, Math.max(0, eni.assigned - 16 * index)));
      }
    }
  }
  const prefixes = pd ? managed.reduce((sum, eni) => sum + eni.cidrs, 0) : null;
  const usedPrefixes = managed.reduce((sum, eni) => sum + usedCidrs(eni, config), 0);
  const subnetIps = holdings.reduce((sum, eni) => sum + eni.subnetIps, 0);
  const podSubnetIps = holdings
    .filter((eni) => eni.subnet === 'pods')
    .reduce((sum, eni) => sum + eni.subnetIps, 0);
  return {
    instanceType: limits.instanceType,
    settings,
    maxPods,
    pods,
    assignedPods: podDeviceIndex.length,
    unassignedPods,
    enis: managed.length,
    trunkEni: enis.some((eni) => eni.trunk),
    ips: stats.total,
    prefixes,
    unusedIps: stats.total - stats.assigned,
    unusedPrefixes: prefixes === null ? null : prefixes - usedPrefixes,
    subnetIps,
    nodeSubnetIps: subnetIps - podSubnetIps,
    podSubnetIps,
    ipsPerEni: managed.map((eni) => eni.cidrs * config.unit),
    prefixesPerEni: pd ? managed.map((eni) => eni.cidrs) : null,
    podsPerEni: managed.map((eni) => eni.assigned),
    podsPerPrefix: pd ? podsPerPrefix : null,
    eniHoldings: holdings,
    podDeviceIndex,
    ipv6Prefixes: settings.ipv6 ? enis.length : null,
    notes,
  };
}
