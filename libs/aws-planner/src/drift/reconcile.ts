import type { CapacityReport, ClusterDesign, ReconcileFinding, ReconcileReport } from '@podnet/contracts';
import { parseCidr } from '@podnet/contracts';
import type { SubnetObservation } from '../reconcile/observe-subnets';

/** AWS reserves the first four addresses and the last one of every subnet. */
const RESERVED = 5;

type DesignSubnet = ClusterDesign['network']['subnets'][number];
type ReconciledSubnet = ReconcileReport['subnets'][number];

function keyOf(subnet: DesignSubnet): string {
  return subnet.name ?? subnet.id ?? subnet.cidr;
}

function match(subnet: DesignSubnet, observed: readonly SubnetObservation[]): { observation: SubnetObservation; by: 'id' | 'cidr' | 'name' } | null {
  const byId = subnet.id ? observed.find((o) => o.subnetId === subnet.id) : undefined;
  if (byId) return { observation: byId, by: 'id' };
  const byCidr = observed.find((o) => o.cidr === subnet.cidr);
  if (byCidr) return { observation: byCidr, by: 'cidr' };
  const byName = subnet.name ? observed.find((o) => o.name === subnet.name) : undefined;
  return byName ? { observation: byName, by: 'name' } : null;
}

/** What one more node of each group takes in a subnet: as its node subnet, or as its ENIConfig (pods) subnet. */
function nextNodeNeeds(plan: CapacityReport, key: string): ReconciledSubnet['nextNode'] {
  const needs: ReconciledSubnet['nextNode'] = [];
  for (const group of plan.nodeGroups) {
    const expected = group.perNode.expected;
    const custom = Object.keys(group.podSubnets).length > 0;
    const asNodeSubnet = group.subnets.includes(key);
    const asPodSubnet = Object.values(group.podSubnets).includes(key);
    if (!asNodeSubnet && !asPodSubnet) continue;
    const addresses = (asNodeSubnet ? (custom ? expected.nodeSubnetIps : expected.subnetIps) : 0) + (asPodSubnet ? expected.podSubnetIps : 0);
    const prefixes = asPodSubnet || !custom ? (expected.prefixes ?? 0) : 0;
    needs.push({ nodeGroup: group.name, addresses, prefixes });
  }
  return needs;
}

/**
 * Compares a design (and its capacity plan) with the subnets and ENIs EC2 reports: subnets missing or
 * different from the design, subnets in the VPC the design does not know, more addresses in use than planned,
 * subnets where one more node of a group no longer fits (addresses, or aligned /28 blocks for prefix
 * delegation: EC2 would answer InsufficientCidrBlocks), and ENIs the VPC CNI leaked. Pure: the observations
 * come from {@link observeSubnets}.
 *
 * @example
 * reconcileDesign(design, planCapacity({ design }), await observeSubnets({ region, vpcId })).inSync // => true
 */
export function reconcileDesign(
  design: ClusterDesign,
  plan: CapacityReport,
  observed: readonly SubnetObservation[],
  where: { region: string; vpcId: string | null },
): ReconcileReport {
  const findings: ReconcileFinding[] = [];
  const subnets: ReconciledSubnet[] = [];
  const matched = new Set<string>();
  const prefixDelegation = design.cni.awsVpcCni?.ENABLE_PREFIX_DELEGATION === true;

  for (const subnet of design.network.subnets) {
    const key = keyOf(subnet);
    const found = match(subnet, observed);
    const planned = plan.subnets.find((s) => s.key === key);
    const nextNode = nextNodeNeeds(plan, key);
    const entry: ReconciledSubnet = {
      key,
      matchedBy: found?.by ?? null,
      design: { name: subnet.name ?? null, id: subnet.id ?? null, cidr: subnet.cidr, availabilityZone: subnet.availabilityZone ?? null, role: subnet.role },
      observed: null,
      used: { planned: planned?.scenarios.current.used ?? null, actual: null },
      nextNode,
    };
    subnets.push(entry);
    if (!found) {
      findings.push({ severity: 'error', code: 'SUBNET_MISSING', subnet: key, message: `subnet ${key} (${subnet.cidr}) is not in the VPC${where.vpcId ? ` ${where.vpcId}` : ''}: no subnet with its id, CIDR or Name tag` });
      continue;
    }
    const o = found.observation;
    matched.add(o.subnetId);
    entry.observed = {
      subnetId: o.subnetId,
      cidr: o.cidr,
      availabilityZone: o.availabilityZone,
      name: o.name,
      availableIpAddressCount: o.availableIpAddressCount,
      networkInterfaces: o.networkInterfaces,
      addresses: o.addresses,
      prefixes: o.prefixes,
      freeAlignedBlocks: o.freeAlignedBlocks,
      alignedBlocks: o.alignedBlocks,
      leakedEnis: [...o.leakedEnis],
    };
    if (o.cidr !== subnet.cidr) {
      findings.push({ severity: 'error', code: 'CIDR_MISMATCH', subnet: key, message: `subnet ${key} is ${o.cidr} in EC2 (${o.subnetId}), ${subnet.cidr} in the design` });
    }
    if (subnet.availabilityZone && o.availabilityZone && o.availabilityZone !== subnet.availabilityZone) {
      findings.push({ severity: 'error', code: 'AZ_MISMATCH', subnet: key, message: `subnet ${key} is in ${o.availabilityZone} in EC2, ${subnet.availabilityZone} in the design` });
    }
    const size = 2 ** (32 - parseCidr(o.cidr).prefix);
    const actual = size - RESERVED - o.availableIpAddressCount;
    entry.used.actual = actual;
    if (entry.used.planned !== null && actual > entry.used.planned) {
      findings.push({ severity: 'warning', code: 'USAGE_ABOVE_PLAN', subnet: key, message: `subnet ${key} has ${actual} addresses in use, the plan expects ${entry.used.planned} (${actual - entry.used.planned} more: other workloads, larger warm pools, or leaked ENIs)` });
    }
    for (const need of nextNode) {
      if (need.addresses > o.availableIpAddressCount) {
        findings.push({ severity: 'error', code: 'NO_ROOM_FOR_NODE', subnet: key, message: `one more ${need.nodeGroup} node needs ${need.addresses} addresses in ${key}; EC2 reports ${o.availableIpAddressCount} available` });
      }
      if (prefixDelegation && need.prefixes > o.freeAlignedBlocks) {
        findings.push({ severity: 'error', code: 'PREFIX_FRAGMENTATION', subnet: key, message: `one more ${need.nodeGroup} node needs ${need.prefixes} aligned /28 blocks in ${key} but only ${o.freeAlignedBlocks} are free, although ${o.availableIpAddressCount} addresses are: EC2 would answer InsufficientCidrBlocks` });
      }
    }
    if (o.leakedEnis.length > 0) {
      findings.push({ severity: 'warning', code: 'LEAKED_ENIS', subnet: key, message: `${o.leakedEnis.length} ENI${o.leakedEnis.length === 1 ? '' : 's'} left by the VPC CNI (status available, description aws-K8S-*) hold addresses in ${key}: ${o.leakedEnis.join(', ')}` });
    }
  }
  for (const o of observed) {
    if (matched.has(o.subnetId)) continue;
    findings.push({ severity: 'info', code: 'UNPLANNED_SUBNET', subnet: o.name ?? o.subnetId, message: `subnet ${o.subnetId}${o.name ? ` (${o.name})` : ''} ${o.cidr} is in the VPC but not in the design` });
  }
  return {
    kind: 'ReconcileReport',
    design: design.metadata.name,
    region: where.region,
    vpcId: where.vpcId,
    inSync: !findings.some((f) => f.severity !== 'info'),
    subnets,
    findings,
  };
}
