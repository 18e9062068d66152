import {
  divCeil,
  freePrefixes,
  poolStats,
  usedCidrs,
  type PoolConfig,
  type PoolStats,
  type SimEni,
} from './datastore';

/**
 * One pass of ipamd's `updateIPPoolIfRequired` (amazon-vpc-cni-k8s `pkg/ipamd/ipamd.go` @ b5218838) on the
 * default card, with every timer assumed elapsed (ENIs older than `minENILifeTime`, no IPs in cooldown, 30 s
 * since the last decrease). Functions below carry the names of the Go functions they follow.
 */
export class PoolManager {
  /** Set by every mutation of a pass. */
  private changed = false;

  constructor(
    private readonly config: PoolConfig,
    readonly enis: SimEni[],
  ) {}

  private warmIpTargetsDefined(): boolean {
    return this.config.warmIpTarget !== 0 || this.config.minimumIpTarget !== 0;
  }

  /** `datastoreTargetState`: [short, over] in IPs, or in prefixes with prefix delegation. */
  private targetState(stats: PoolStats): [number, number] {
    const { warmIpTarget: w, minimumIpTarget: m } = this.config;
    const available = stats.total - stats.assigned;
    const short = Math.max(Math.max(w - available, 0), m - stats.total);
    const over = Math.max(Math.min(Math.max(available - w, 0), stats.total - m), 0);
    if (!this.config.prefixDelegation) return [short, over];
    const shortPrefix = divCeil(short, 16);
    const neededForWarm = divCeil(stats.assigned + w, 16);
    const neededForMin = divCeil(m, 16);
    let overPrefix = Math.max(
      Math.min(freePrefixes(this.enis, this.config), stats.totalPrefixes - neededForWarm),
      0,
    );
    overPrefix = Math.max(Math.min(overPrefix, stats.totalPrefixes - neededForMin), 0);
    return [shortPrefix, overPrefix];
  }

  /** `isDatastorePoolTooLow`. */
  isTooLow(stats: PoolStats): boolean {
    if (stats.total >= this.config.maxPods) return false;
    if (this.warmIpTargetsDefined()) return this.targetState(stats)[0] > 0;
    const pd = this.config.prefixDelegation;
    const warmTarget = pd ? this.config.warmPrefixTarget : this.config.warmEniTarget;
    const chunk = pd ? 16 : this.config.slotsPerEni;
    const available = stats.total - stats.assigned;
    return available < chunk * warmTarget || (warmTarget === 0 && available === 0);
  }

  /** `isDatastorePoolTooHigh` (prefix delegation always defines a warm prefix target, 0 included). */
  isTooHigh(stats: PoolStats): boolean {
    if (this.warmIpTargetsDefined()) return this.targetState(stats)[1] > 0;
    if (this.config.prefixDelegation)
      return freePrefixes(this.enis, this.config) > this.config.warmPrefixTarget;
    return false;
  }

  /** `getPrefixesNeeded`. */
  private prefixesNeeded(): number {
    if (this.warmIpTargetsDefined()) return Math.max(1, this.targetState(this.stats())[0]);
    return Math.max(
      1,
      Math.max(this.config.warmPrefixTarget - freePrefixes(this.enis, this.config), 0),
    );
  }

  private stats(): PoolStats {
    return poolStats(this.enis, this.config);
  }

  /** `GetAllocatableENIs`, in device-index order. */
  private allocatable(): SimEni[] {
    return this.enis.filter(
      (eni) =>
        !eni.trunk &&
        !(this.config.skipPrimary && eni.primary) &&
        eni.cidrs < this.config.slotsPerEni,
    );
  }

  /** `tryAssignIPs` / `tryAssignPrefixes`: add CIDRs to the first ENI with room. */
  private tryAssignCidrs(): boolean {
    let toAllocate: number;
    if (this.config.prefixDelegation) toAllocate = this.prefixesNeeded();
    else if (this.warmIpTargetsDefined()) {
      toAllocate = this.targetState(this.stats())[0];
      if (toAllocate === 0) return false;
    } else toAllocate = this.config.slotsPerEni;
    const eni = this.allocatable()[0];
    if (eni === undefined) return false;
    eni.cidrs += Math.min(this.config.slotsPerEni - eni.cidrs, toAllocate);
    this.changed = true;
    return true;
  }

  /** `hasRoomForEni` (the trunk, once attached, is one of the ENIs counted). */
  private hasRoomForEni(): boolean {
    return this.enis.length < this.config.eniLimit;
  }

  /** `GetENIResourcesToAllocate`. */
  private resourcesForNewEni(): number {
    if (this.config.prefixDelegation)
      return Math.min(this.prefixesNeeded(), this.config.slotsPerEni);
    if (this.warmIpTargetsDefined())
      return Math.min(this.targetState(this.stats())[0], this.config.slotsPerEni);
    return this.config.slotsPerEni;
  }

  /** `increaseDatastorePool`: existing ENIs first, then a new ENI at the lowest free device index. */
  private increase(): void {
    if (this.tryAssignCidrs()) return;
    if (!this.hasRoomForEni()) return;
    const cidrs = this.resourcesForNewEni();
    if (cidrs <= 0) return;
    const used = new Set(this.enis.map((eni) => eni.deviceIndex));
    let deviceIndex = 0;
    while (used.has(deviceIndex)) deviceIndex++;
    this.enis.push({ deviceIndex, primary: false, trunk: false, cidrs, assigned: 0 });
    this.changed = true;
    this.enis.sort((a, b) => a.deviceIndex - b.deviceIndex);
  }

  /**
   * `tryUnassignCidrsFromAll`: free unused CIDRs over the targets. Go walks a map here; podnet frees from the
   * highest device index and the most recent CIDR first, so that emptied ENIs can go.
   */
  private decrease(): void {
    let over = this.warmIpTargetsDefined()
      ? this.targetState(this.stats())[1]
      : Math.max(freePrefixes(this.enis, this.config) - this.config.warmPrefixTarget, 0);
    for (let i = this.enis.length - 1; i >= 0 && over > 0; i--) {
      const eni = this.enis[i];
      if (eni === undefined) continue;
      const freeable = eni.cidrs - usedCidrs(eni, this.config);
      const count = Math.min(over, freeable);
      eni.cidrs -= count;
      if (count > 0) this.changed = true;
      over -= count;
    }
  }

  /** `shouldRemoveExtraENIs`. */
  private shouldRemoveExtraEnis(stats: PoolStats): boolean {
    if (this.warmIpTargetsDefined()) return true;
    const pd = this.config.prefixDelegation;
    const warmTarget = (pd ? this.config.warmPrefixTarget : this.config.warmEniTarget) + 1;
    const maxIpsPerEni = this.config.slotsPerEni * this.config.unit;
    if (stats.total - stats.assigned >= warmTarget * maxIpsPerEni) return true;
    return pd && this.enis.some((eni) => !eni.primary && !eni.trunk && eni.assigned === 0);
  }

  private othersWarm(except: SimEni): number {
    return this.enis.reduce(
      (sum, eni) => (eni === except ? sum : sum + eni.cidrs * this.config.unit - eni.assigned),
      0,
    );
  }

  private othersTotal(except: SimEni): number {
    return this.enis.reduce(
      (sum, eni) => (eni === except ? sum : sum + eni.cidrs * this.config.unit),
      0,
    );
  }

  private roundTarget(value: number): number {
    return this.config.prefixDelegation ? divCeil(value, 16) * 16 : value;
  }

  /** `getDeletableENI` (highest device index first, where Go walks a map). */
  private deletableEni(): SimEni | undefined {
    const {
      warmIpTarget: w,
      minimumIpTarget: m,
      warmPrefixTarget: p,
      prefixDelegation: pd,
    } = this.config;
    for (let i = this.enis.length - 1; i >= 0; i--) {
      const eni = this.enis[i];
      if (eni === undefined || eni.primary || eni.assigned > 0) continue;
      if (w !== 0 && this.othersWarm(eni) < this.roundTarget(w)) continue;
      if (m !== 0 && this.othersTotal(eni) < this.roundTarget(m)) continue;
      if (pd && p !== 0 && freePrefixes(this.enis, this.config, eni) < p) continue;
      if (eni.trunk) continue;
      return eni;
    }
    return undefined;
  }

  /** One `updateIPPoolIfRequired` pass; returns whether it changed anything. */
  pass(): boolean {
    this.changed = false;
    const stats = this.stats();
    if (this.isTooLow(stats)) this.increase();
    else if (this.isTooHigh(stats)) this.decrease();
    if (this.shouldRemoveExtraEnis(stats)) {
      const eni = this.deletableEni();
      if (eni !== undefined) {
        this.enis.splice(this.enis.indexOf(eni), 1);
        this.changed = true;
      }
    }
    return this.changed;
  }

  /** Gives one pod an address, packed in allocation order; returns the ENI's device index or undefined. */
  assignPod(): number | undefined {
    for (const eni of this.enis) {
      if (eni.trunk || eni.assigned >= eni.cidrs * this.config.unit) continue;
      eni.assigned += 1;
      return eni.deviceIndex;
    }
    return undefined;
  }
}
