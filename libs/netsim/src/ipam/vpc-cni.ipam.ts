import { defaultCatalogue, simulateWarmPool, type WarmPoolResult } from '@podnet/aws-planner';
import { statusPodIp } from '../model/pods';
import type { SimNode, SimPod, SimSubnet } from '../model/types';
import { cidr4, inCidr4, ip4Text, type Cidr4 } from '../net/ipv4';
import { failPod, setPodIp, type IpamContext, type RangeOwner, type SimEni, type VpcIpamState } from './ipam';

const AWS_FIRST = 4;
const AWS_TAIL = 1;
const PREFIX_SIZE = 16;

/**
 * Amazon VPC CNI IPAM. ENI placement and capacity come from `@podnet/aws-planner`'s ipamd warm-pool
 * simulation (`simulateWarmPool`: which ENIs exist, how many secondary IPs or /28 prefixes each holds, which
 * ENI each pod's address is on); this file gives those ENIs real addresses in the node's subnet (or the
 * ENIConfig subnet of the node's zone with custom networking), ascending after the node addresses, and hands
 * each pod the next free address of its ENI. A pod ipamd cannot serve stays Pending with the reason.
 *
 * @example
 * allocateVpcCni(ctx).eniOf(ip4('10.0.1.40'))?.deviceIndex // => 1
 */
export function allocateVpcCni(ctx: IpamContext): VpcIpamState {
  const vpc = ctx.design.cni.awsVpcCni;
  const prefixDelegation = vpc?.ENABLE_PREFIX_DELEGATION ?? false;
  const customNetworking = vpc?.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG ?? false;
  if (vpc?.ENABLE_IPv6) ctx.warnings.push('ENABLE_IPv6: podnet traces IPv4 only; pods get IPv4 addresses as in IPv4 mode');
  const cache = new Map<string, WarmPoolResult>();
  const eniByIp = new Map<number, SimEni>();
  const prefixOwner = new Map<number, SimEni>();
  const enis: SimEni[][] = [];

  for (const node of ctx.nodes) {
    const nodeEnis: SimEni[] = [];
    enis.push(nodeEnis);
    const pods = node.pods.filter((p) => !p.hostNetwork && p.phase === 'Running');
    const limits = node.instanceType ? defaultCatalogue().find(node.instanceType) : undefined;
    if (!limits || !node.subnet) {
      const why = !limits ? `instance type ${node.instanceType ?? '(none)'} is unknown` : `${node.ip} is in no subnet of the design`;
      for (const pod of pods) failPod(pod, `the VPC CNI cannot give ${node.name} addresses: ${why}`);
      if (pods.length > 0) ctx.warnings.push(`${node.name}: ${why}; its ${pods.length} pod(s) stay Pending`);
      continue;
    }
    const key = `${limits.instanceType}|${pods.length}|${node.maxPods}`;
    let pool = cache.get(key);
    if (!pool) {
      pool = simulateWarmPool({
        instanceType: limits,
        pods: pods.length,
        maxPods: node.maxPods,
        prefixDelegation,
        customNetworking,
        securityGroupsForPods: vpc?.ENABLE_POD_ENI ?? false,
        ...(vpc?.WARM_ENI_TARGET === undefined ? {} : { warmEniTarget: vpc.WARM_ENI_TARGET }),
        ...(vpc?.WARM_IP_TARGET === undefined ? {} : { warmIpTarget: vpc.WARM_IP_TARGET }),
        ...(vpc?.MINIMUM_IP_TARGET === undefined ? {} : { minimumIpTarget: vpc.MINIMUM_IP_TARGET }),
        ...(vpc?.WARM_PREFIX_TARGET === undefined ? {} : { warmPrefixTarget: vpc.WARM_PREFIX_TARGET }),
        ...(vpc?.MAX_ENI === undefined ? {} : { maxEni: vpc.MAX_ENI }),
        ...(ctx.design.cni.version === undefined ? {} : { cniVersion: ctx.design.cni.version.replace(/^v/, '') }),
      });
      cache.set(key, pool);
    }
    const podSubnet = customNetworking ? eniConfigSubnet(ctx, node) : node.subnet;
    const byDevice = new Map<number, SimEni>();
    const wanted = new Map<SimPod, number>();
    for (const pod of pods) {
      const ip = statusPodIp(pod);
      if (ip >= 0) {
        ctx.book.reserve(ip);
        wanted.set(pod, ip);
      }
    }
    const keptPerDevice = new Map<number, number>();
    pods.forEach((pod, i) => {
      const device = pool.podDeviceIndex[i];
      if (device !== undefined && wanted.has(pod)) keptPerDevice.set(device, (keptPerDevice.get(device) ?? 0) + 1);
    });
    for (const holding of pool.eniHoldings) {
      const subnet = holding.subnet === 'pods' ? podSubnet : node.subnet;
      const primaryIp = holding.deviceIndex === 0 ? node.ipNum : ctx.book.next(subnet.cidr, AWS_FIRST, AWS_TAIL);
      const eni: SimEni = { node, deviceIndex: holding.deviceIndex, role: holding.role, subnet, primaryIp, secondaryIps: [], prefixes: [], pods: [] };
      if (primaryIp < 0) {
        ctx.warnings.push(`subnet ${subnet.name} (${subnet.cidr.text}) is full: ${node.name} gets no ENI at device ${holding.deviceIndex}`);
        continue;
      }
      eniByIp.set(primaryIp, eni);
      if (holding.prefixes !== null) {
        for (let k = 0; k < holding.prefixes; k++) {
          const base = ctx.book.nextAligned(subnet.cidr, PREFIX_SIZE, AWS_FIRST, AWS_TAIL);
          if (base < 0) break;
          eni.prefixes.push(base);
          prefixOwner.set(base, eni);
        }
      } else {
        const count = holding.ips - (keptPerDevice.get(holding.deviceIndex) ?? 0);
        for (let k = 0; k < count; k++) {
          const ip = ctx.book.next(subnet.cidr, AWS_FIRST, AWS_TAIL);
          if (ip < 0) break;
          eni.secondaryIps.push(ip);
          eniByIp.set(ip, eni);
        }
      }
      nodeEnis.push(eni);
      byDevice.set(holding.deviceIndex, eni);
    }
    assignPods(node, pods, pool, byDevice, wanted, eniByIp, ctx.warnings);
  }

  const vpcCidrs = (ctx.design.network.vpc?.cidrBlocks ?? []).map(cidr4).filter((c): c is Cidr4 => c !== null);
  const eniOf = (ip: number): SimEni | undefined => eniByIp.get(ip) ?? prefixOwner.get(ip - (ip % PREFIX_SIZE));
  return {
    kind: 'aws-vpc-cni',
    enis,
    eniOf,
    ranges: vpcCidrs,
    externalSnat: vpc?.AWS_VPC_K8S_CNI_EXTERNALSNAT ?? false,
    excludeSnat: (vpc?.AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS ?? []).map(cidr4).filter((c): c is Cidr4 => c !== null),
    prefixDelegation,
    customNetworking,
    ownerOf(ip: number): RangeOwner | null {
      const eni = eniOf(ip);
      return eni ? { node: eni.node, range: `eth${eni.deviceIndex}` } : null;
    },
  };
}

function eniConfigSubnet(ctx: IpamContext, node: SimNode): SimSubnet {
  const configs = ctx.design.cni.awsVpcCni?.ENIConfigs ?? {};
  const config = node.zone ? configs[node.zone] : undefined;
  const subnet = config ? ctx.subnet(config.subnet) : null;
  if (!subnet) {
    ctx.warnings.push(`${node.name}: no ENIConfig subnet for zone ${node.zone ?? '(unknown)'}: pod ENIs use the node's subnet`);
    return node.subnet!;
  }
  return subnet;
}

function assignPods(node: SimNode, pods: readonly SimPod[], pool: WarmPoolResult, byDevice: ReadonlyMap<number, SimEni>, wanted: ReadonlyMap<SimPod, number>, eniByIp: Map<number, SimEni>, warnings: string[]): void {
  const cursor = new Map<number, number>();
  pods.forEach((pod, i) => {
    const device = pool.podDeviceIndex[i];
    const eni = device === undefined ? undefined : byDevice.get(device);
    if (!eni) {
      failPod(pod, `failed to assign an IP address to container: ipamd on ${node.name} has no free address (${pool.instanceType}: ${pool.enis} ENI(s), ${pool.ips} pod address(es), max pods ${pool.maxPods})`);
      return;
    }
    const kept = wanted.get(pod);
    if (kept !== undefined) {
      const inPrefix = eni.prefixes.some((p) => kept >= p && kept < p + PREFIX_SIZE);
      if (!inPrefix) {
        eni.secondaryIps.push(kept);
        eniByIp.set(kept, eni);
      }
      if (!inCidr4(eni.subnet.cidr, kept)) warnings.push(`${pod.key}: status.podIP ${ip4Text(kept)} is outside subnet ${eni.subnet.name} (${eni.subnet.cidr.text}) of ${node.name} eth${eni.deviceIndex}`);
      eni.pods.push(pod);
      pod.eniDevice = eni.deviceIndex;
      setPodIp(pod, kept, ip4Text(kept), 'status');
      return;
    }
    const ip = nextFree(eni, cursor, wanted);
    if (ip < 0) {
      failPod(pod, `failed to assign an IP address to container: ENI eth${eni.deviceIndex} of ${node.name} has no free address`);
      return;
    }
    eni.pods.push(pod);
    pod.eniDevice = eni.deviceIndex;
    setPodIp(pod, ip, ip4Text(ip), 'ipam');
  });
}

function nextFree(eni: SimEni, cursor: Map<number, number>, wanted: ReadonlyMap<SimPod, number>): number {
  const taken = new Set(wanted.values());
  const all = eni.prefixes.length > 0 ? eni.prefixes.flatMap((p) => Array.from({ length: PREFIX_SIZE }, (_, k) => p + k)) : eni.secondaryIps;
  let i = cursor.get(eni.deviceIndex) ?? 0;
  while (i < all.length && taken.has(all[i]!)) i++;
  if (i >= all.length) return -1;
  cursor.set(eni.deviceIndex, i + 1);
  return all[i]!;
}
