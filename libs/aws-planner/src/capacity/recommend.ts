import type { CapacityRecommendation } from '@podnet/contracts';
import {
  secondaryIpsPerEni,
  supportsPrefixDelegation,
  type InstanceTypeLimits,
} from '../catalogue/instance-type';
import { cniVersionAtLeast, parseCniVersion } from '../enis/cni-version';
import { HOST_NETWORK_PODS } from '../enis/max-pods';
import type { DesignCni } from './design-cni';
import { planGroup, type GroupContext, type GroupPlan } from './group-plan';

/** A CNI variant to try: its label, the changed design CNI, and what to say about it. */
interface Variant {
  readonly change: string;
  readonly cni: DesignCni;
  readonly caveat: string;
}

/**
 * The design CNI with some settings changed (pure; the input is not modified).
 *
 * @example
 * withCniSettings(cni, { warmIpTarget: 2, minimumIpTarget: 20 }).settings.warmIpTarget // => 2
 */
export function withCniSettings(
  cni: DesignCni,
  patch: Partial<Omit<DesignCni, 'settings' | 'eniConfigs'>>,
): DesignCni {
  const next = { ...cni, ...patch };
  const settings = { ...cni.settings, prefixDelegation: next.prefixDelegation };
  const put = (
    key: 'warmEniTarget' | 'warmIpTarget' | 'minimumIpTarget' | 'warmPrefixTarget',
    value: number | null,
  ) => {
    if (value === null) delete settings[key];
    else settings[key] = value;
  };
  put('warmEniTarget', next.warmEniTarget);
  put('warmIpTarget', next.warmIpTarget);
  put('minimumIpTarget', next.minimumIpTarget);
  put('warmPrefixTarget', next.warmPrefixTarget);
  return { ...next, settings };
}

function variants(plan: GroupPlan, cni: DesignCni, target: number): Variant[] {
  const out: Variant[] = [];
  const s = secondaryIpsPerEni(plan.limits);
  const warmIp = Math.min(Math.max(2, Math.ceil(target / 10)), Math.max(1, s));
  const churn =
    'smaller warm pools mean more EC2 calls as pods churn (RequestLimitExceeded at scale, aws/amazon-vpc-cni-k8s #405)';
  if (cni.warmIpTarget === null || cni.minimumIpTarget === null) {
    out.push({
      change: `WARM_IP_TARGET=${warmIp}, MINIMUM_IP_TARGET=${target}`,
      cni: withCniSettings(cni, { warmIpTarget: warmIp, minimumIpTarget: target }),
      caveat: churn,
    });
  }
  const versionOk =
    cni.version === null || cniVersionAtLeast(parseCniVersion(cni.version), 1, 9, 0);
  if (!cni.prefixDelegation && versionOk && supportsPrefixDelegation(plan.limits)) {
    out.push({
      change: 'ENABLE_PREFIX_DELEGATION=true, WARM_PREFIX_TARGET=1',
      cni: withCniSettings(cni, {
        prefixDelegation: true,
        warmPrefixTarget: 1,
        warmIpTarget: null,
        minimumIpTarget: null,
      }),
      caveat:
        'prefixes need free aligned /28 blocks (InsufficientCidrBlocks on fragmented subnets); set maxPods to what the node can really run',
    });
  }
  if (cni.prefixDelegation && (cni.warmPrefixTarget ?? 1) > 1) {
    out.push({
      change: 'WARM_PREFIX_TARGET=1',
      cni: withCniSettings(cni, { warmPrefixTarget: 1 }),
      caveat: 'one spare /28 is still kept',
    });
  }
  return out;
}

function signature(limits: InstanceTypeLimits): string {
  return `${limits.maxEnis}/${limits.ipv4PerEni}/${limits.branchEnis ?? 0}/${limits.hypervisor}/${limits.bareMetal}`;
}

const family = (name: string): string => name.split('.')[0] ?? name;
/** Graviton families (c6g, m7gd, t4g, ...): not drop-in replacements for x86 types, nor the reverse. */
const isArm = (name: string): boolean => /^[a-z]+\d+g/.test(family(name));

/**
 * Types to try instead: the same class letter (c, m, r, t, ...) and architecture, with the same vCPUs and memory
 * (drop-in sizes), or, when the current type cannot reach the target, larger sizes of the same family.
 */
function candidateTypes(
  plan: GroupPlan,
  context: GroupContext,
  reachable: boolean,
): InstanceTypeLimits[] {
  const current = plan.limits;
  const currentFamily = family(current.instanceType);
  const pool = context.catalogue.instanceTypes.filter((t) => {
    if (t.instanceType === current.instanceType || t.bareMetal || t.hypervisor !== 'nitro')
      return false;
    if (!reachable)
      return family(t.instanceType) === currentFamily && (t.vcpus ?? 0) > (current.vcpus ?? 0);
    return (
      t.instanceType[0] === current.instanceType[0] &&
      isArm(t.instanceType) === isArm(current.instanceType) &&
      t.vcpus !== null &&
      t.vcpus === current.vcpus &&
      t.memoryMiB === current.memoryMiB
    );
  });
  const seen = new Set<string>([signature(current)]);
  const picked: InstanceTypeLimits[] = [];
  for (const t of pool) {
    if (seen.has(signature(t))) continue;
    seen.add(signature(t));
    picked.push(t);
  }
  return picked;
}

/**
 * CNI settings and instance types that reach each group's expected pods per node (or `targetPodsPerNode`) at the
 * least subnet cost,
 * with what they save per node and at max size. Sorted by group, then saving.
 *
 * @example
 * recommend(plans, cni, context)[0]?.change // => 'WARM_IP_TARGET=2, MINIMUM_IP_TARGET=10'
 */
export function recommend(
  plans: readonly GroupPlan[],
  cni: DesignCni,
  context: GroupContext,
  targetPodsPerNode?: number,
): CapacityRecommendation[] {
  const out: CapacityRecommendation[] = [];
  if (!cni.vpcCni || cni.ipv6) return out;
  for (const planned of plans) {
    const target = targetPodsPerNode ?? planned.expected;
    if (target <= 0) continue;
    // With a target density of its own, the group is re-planned at that many pods per node.
    const plan =
      target === planned.expected
        ? planned
        : planGroup(
            { ...planned.group, expectedPodsPerNode: target },
            { ...context, warnings: [] },
            planned.instanceType,
            false,
          );
    const current = plan.atExpected.holding.subnetIps;
    const reachable = plan.podsPerNode - HOST_NETWORK_PODS >= target;
    const entry = (
      kind: CapacityRecommendation['kind'],
      change: string,
      candidate: GroupPlan,
      explanation: string,
    ) => {
      const cost = candidate.atExpected.holding.subnetIps;
      const saved = current - cost;
      const reaches = candidate.podsPerNode - HOST_NETWORK_PODS >= target;
      if (!reaches || (reachable && saved <= 0)) return;
      out.push({
        nodeGroup: plan.group.name,
        kind,
        change,
        targetPodsPerNode: target,
        subnetIpsPerNode: cost,
        currentSubnetIpsPerNode: current,
        savedPerNode: saved,
        savedAtMaxSize: saved * plan.maxSize,
        explanation,
      });
    };
    for (const variant of variants(plan, cni, target)) {
      const candidate = planGroup(
        plan.group,
        { ...context, cni: variant.cni, warnings: [] },
        plan.instanceType,
        false,
      );
      const cost = candidate.atExpected.holding.subnetIps;
      entry(
        'cni-setting',
        variant.change,
        candidate,
        `${variant.change} keeps ${cost} subnet addresses per ${plan.instanceType} node at ${target} pods instead of ${current}: saves ${current - cost} per node, ${(current - cost) * plan.maxSize} at max size (${plan.maxSize} nodes); ${variant.caveat}`,
      );
    }
    let best: GroupPlan | null = null;
    for (const type of candidateTypes(plan, context, reachable)) {
      const candidate = planGroup(
        plan.group,
        { ...context, warnings: [] },
        type.instanceType,
        false,
      );
      if (candidate.podsPerNode - HOST_NETWORK_PODS < target) continue;
      const cost = candidate.atExpected.holding.subnetIps;
      if (best === null || cost < best.atExpected.holding.subnetIps) best = candidate;
    }
    if (best !== null) {
      const cost = best.atExpected.holding.subnetIps;
      const why = reachable
        ? `same vCPUs and memory, ${best.limits.maxEnis} ENIs x ${best.limits.ipv4PerEni} IPv4 each`
        : `${plan.instanceType} runs at most ${plan.podsPerNode - HOST_NETWORK_PODS} workload pods; ${best.instanceType} runs ${best.podsPerNode - HOST_NETWORK_PODS}`;
      entry(
        'instance-type',
        best.instanceType,
        best,
        `${best.instanceType} (${why}) holds ${cost} subnet addresses per node at ${target} pods instead of ${current}`,
      );
    }
  }
  return out.sort(
    (a, b) =>
      (a.nodeGroup < b.nodeGroup ? -1 : a.nodeGroup > b.nodeGroup ? 1 : 0) ||
      b.savedPerNode - a.savedPerNode ||
      (a.change < b.change ? -1 : a.change > b.change ? 1 : 0),
  );
}
