import type { Catalogue } from '../catalogue/catalogue';
import { defaultCatalogue } from '../catalogue/catalogue';
import type { InstanceTypeLimits } from '../catalogue/instance-type';
import { secondaryIpsPerEni } from '../catalogue/instance-type';
import { computeMaxPods } from '../enis/max-pods';
import { PlannerInputError } from '../errors/planner-error';
import { poolStats, type PoolConfig, type SimEni } from './datastore';
import { PoolManager } from './pool-manager';
import { resolveWarmPoolSettings, type WarmPoolSettings } from './settings';
import { summarize, type WarmPoolResult } from './summarize';

export type { EniHolding, WarmPoolResult } from './summarize';

/** What to simulate: a node of one type, its CNI settings and how many pods get a VPC address. */
export interface WarmPoolInput extends WarmPoolSettings {
  /** Instance type name (looked up in `catalogue`) or its limits. */
  readonly instanceType: string | InstanceTypeLimits;
  /** Non-hostNetwork, non-branch pods, added one at a time from 0. */
  readonly pods: number;
  /** Kubelet max pods; default: the node's max pods for the same settings, no cap. */
  readonly maxPods?: number;
  readonly catalogue?: Catalogue;
}

const MAX_PASSES = 64;

function stateKey(enis: readonly SimEni[]): string {
  return enis.map((eni) => `${eni.deviceIndex}:${eni.cidrs}:${eni.assigned}`).join('|');
}

function clone(enis: readonly SimEni[]): SimEni[] {
  return enis.map((eni) => ({ ...eni }));
}

/** Passes before looking for a cycle: ipamd settles in one to three passes unless it flaps. */
const FAST_PASSES = 8;

/** Runs passes until nothing changes; on a cycle (ipamd flapping) keeps the largest state of the cycle. */
function settle(manager: PoolManager, config: PoolConfig): boolean {
  for (let pass = 0; pass < FAST_PASSES; pass++) if (!manager.pass()) return false;
  const seen: string[] = [stateKey(manager.enis)];
  const snapshots: SimEni[][] = [clone(manager.enis)];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (!manager.pass()) return false;
    const key = stateKey(manager.enis);
    const earlier = seen.indexOf(key);
    if (earlier !== -1) {
      const cycle = snapshots.slice(earlier);
      const size = (state: SimEni[]) => poolStats(state, config).total + state.length;
      const peak = cycle.reduce((best, state) => (size(state) > size(best) ? state : best));
      manager.enis.splice(0, manager.enis.length, ...clone(peak));
      return true;
    }
    seen.push(key);
    snapshots.push(clone(manager.enis));
  }
  return true;
}

function nonNegativeInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new PlannerInputError(field, 'must be a non-negative integer', value);
  return value;
}

/**
 * Simulates ipamd's warm pool on the node's default network card: pods are added one at a time from 0 and the
 * pool is reconciled to a fixpoint after each (`updateIPPoolIfRequired`), so IPs leave only with whole ENIs and
 * prefixes only when empty, exactly as ipamd does. Returns the ENIs, addresses and prefixes the node holds, per
 * ENI in device-index order (which ENI holds which pod's address), and the subnet addresses consumed.
 * Assumptions (all timers elapsed, no churn, pods packed in allocation order) are in the package README.
 *
 * @example
 * const pool = simulateWarmPool({ instanceType: 't3.small', pods: 5 });
 * // pool.enis === 3, pool.ips === 9, pool.ipsPerEni = [3, 3, 3], pool.subnetIps === 12
 * // (amazon-vpc-cni-k8s docs/eni-and-ip-target.md, WARM_ENI_TARGET=1)
 */
export function simulateWarmPool(input: WarmPoolInput): WarmPoolResult {
  const limits =
    typeof input.instanceType === 'string'
      ? (input.catalogue ?? defaultCatalogue()).get(input.instanceType)
      : input.instanceType;
  const pods = nonNegativeInteger('pods', input.pods);
  const settings = resolveWarmPoolSettings(limits, input);
  const notes = [...settings.notes];
  const maxPods =
    input.maxPods === undefined
      ? computeMaxPods(limits, {
          customNetworking: settings.customNetworking,
          prefixDelegation: settings.prefixDelegation,
          securityGroupsForPods: settings.trunk !== 'none',
          maxEni: settings.maxEni,
          ipv6: settings.ipv6,
          ...(input.cniVersion === undefined ? {} : { cniVersion: input.cniVersion }),
        }).maxPods
      : nonNegativeInteger('maxPods', input.maxPods);

  const config: PoolConfig = {
    prefixDelegation: settings.prefixDelegation,
    slotsPerEni: secondaryIpsPerEni(limits),
    unit: settings.prefixDelegation ? 16 : 1,
    warmEniTarget: settings.warmEniTarget,
    warmIpTarget: settings.warmIpTarget,
    minimumIpTarget: settings.minimumIpTarget,
    warmPrefixTarget: settings.warmPrefixTarget,
    eniLimit: settings.maxEni - settings.unmanagedEnis - (settings.trunk === 'reserved' ? 1 : 0),
    skipPrimary: settings.customNetworking,
    maxPods,
  };
  const enis: SimEni[] = [{ deviceIndex: 0, primary: true, trunk: false, cidrs: 0, assigned: 0 }];
  if (settings.trunk === 'attached') {
    enis.push({
      deviceIndex: Math.max(1, limits.maxEnis - 1),
      primary: false,
      trunk: true,
      cidrs: 0,
      assigned: 0,
    });
  }
  const manager = new PoolManager(config, enis);
  const podDeviceIndex: number[] = [];
  let unassignedPods = 0;

  if (settings.ipv6) {
    if (settings.customNetworking)
      notes.push('IPv6 does not support custom networking: ipamd refuses to start');
    if (!settings.prefixDelegation) {
      notes.push(
        'IPv6 needs prefix delegation (a Nitro or bare-metal type and ENABLE_PREFIX_DELEGATION): ipamd refuses to start',
      );
    }
    notes.push(
      'IPv6: the pool manager does not run; every ENI carries one /80 and pods never wait for addresses',
    );
    for (let pod = 0; pod < Math.min(pods, maxPods); pod++) podDeviceIndex.push(0);
    unassignedPods = Math.max(0, pods - maxPods);
    return summarize(
      limits,
      settings,
      config,
      manager.enis,
      pods,
      maxPods,
      podDeviceIndex,
      unassignedPods,
      notes,
    );
  }

  let flapped = settle(manager, config);
  for (let pod = 0; pod < pods; pod++) {
    const deviceIndex = manager.assignPod();
    if (deviceIndex === undefined) unassignedPods++;
    else podDeviceIndex.push(deviceIndex);
    flapped = settle(manager, config) || flapped;
  }
  if (flapped) {
    notes.push(
      'ipamd flaps here (an ENI is freed and re-created each minute); the larger state is reported',
    );
  }
  if (
    settings.customNetworking &&
    manager.enis.every((eni) => eni.primary || eni.trunk || eni.cidrs === 0)
  ) {
    notes.push(
      'custom networking: no ENI could be attached for pods; ipamd fails ("Failed to attach any ENIs for custom networking")',
    );
  }
  if (unassignedPods > 0) {
    notes.push(
      `${unassignedPods} pod(s) get no address: the pool cannot grow (ENI limit, max pods or targets)`,
    );
  }
  return summarize(
    limits,
    settings,
    config,
    manager.enis,
    pods,
    maxPods,
    podDeviceIndex,
    unassignedPods,
    notes,
  );
}
