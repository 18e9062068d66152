/**
 * ipamd's datastore for the default network card, reduced to counts. Pods are packed in allocation order
 * (the first ENI by device index with a free address, then its CIDRs in the order they were added), so an ENI's
 * assigned addresses always fill its first CIDRs and its empty CIDRs are the last ones.
 */
export interface SimEni {
  readonly deviceIndex: number;
  readonly primary: boolean;
  readonly trunk: boolean;
  /** /32 secondary IPs, or /28 prefixes with prefix delegation. */
  cidrs: number;
  /** Pod addresses assigned from this ENI. */
  assigned: number;
}

/** Fixed parameters of one simulated node. */
export interface PoolConfig {
  readonly prefixDelegation: boolean;
  /** Secondary IPs or prefix slots per ENI (`ipv4PerEni - 1`). */
  readonly slotsPerEni: number;
  /** Addresses per CIDR: 1, or 16 for a /28. */
  readonly unit: number;
  readonly warmEniTarget: number;
  readonly warmIpTarget: number;
  readonly minimumIpTarget: number;
  readonly warmPrefixTarget: number;
  /** `getMaxENI` minus unmanaged ENIs minus a reserved trunk slot. */
  readonly eniLimit: number;
  /** Custom networking: the primary ENI gets no CIDRs. */
  readonly skipPrimary: boolean;
  /** Kubelet max pods: the pool stops growing once TotalIPs >= maxPods. */
  readonly maxPods: number;
}

/** `GetIPStats` for IPv4. */
export interface PoolStats {
  readonly total: number;
  readonly assigned: number;
  readonly totalPrefixes: number;
}

/** CIDRs of an ENI that hold at least one pod. */
export function usedCidrs(eni: SimEni, config: PoolConfig): number {
  return Math.ceil(eni.assigned / config.unit);
}

/** Statistics as `GetIPStats` reports them. */
export function poolStats(enis: readonly SimEni[], config: PoolConfig): PoolStats {
  let total = 0;
  let assigned = 0;
  let totalPrefixes = 0;
  for (const eni of enis) {
    total += eni.cidrs * config.unit;
    assigned += eni.assigned;
    if (config.prefixDelegation) totalPrefixes += eni.cidrs;
  }
  return { total, assigned, totalPrefixes };
}

/** `GetFreePrefixes`: prefixes with no pod (0 outside prefix delegation). */
export function freePrefixes(enis: readonly SimEni[], config: PoolConfig, except?: SimEni): number {
  if (!config.prefixDelegation) return 0;
  let free = 0;
  for (const eni of enis) if (eni !== except) free += eni.cidrs - usedCidrs(eni, config);
  return free;
}

/** Go's `DivCeil` for non-negative numbers. */
export function divCeil(x: number, y: number): number {
  return Math.floor((x + y - 1) / y);
}
