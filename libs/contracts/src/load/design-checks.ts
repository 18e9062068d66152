import type { ClusterDesign, Subnet } from '../design/cluster-design.schema';
import { clusterDnsIp, podCidrs, serviceCidrs } from '../design/defaults';
import type { InputIssue, JsonPath } from '../errors/errors';
import { cidrContains, cidrContainsIp, cidrsOverlap, parseCidr, parseIp, type Cidr } from '../net/cidr';

type Issue = Omit<InputIssue, 'file' | 'line'>;

/** Finds a subnet by name or id. */
export function findSubnet(design: Pick<ClusterDesign, 'network'>, ref: string): Subnet | undefined {
  return design.network.subnets.find((s) => s.name === ref || s.id === ref);
}

/** A subnet's display name: its name, else its id. */
export function subnetLabel(subnet: Subnet): string {
  return subnet.name ?? subnet.id ?? subnet.cidr;
}

interface Block {
  cidr: Cidr;
  path: JsonPath;
  what: string;
}

function overlaps(blocks: readonly Block[], issues: Issue[]): void {
  for (let i = 0; i < blocks.length; i += 1) {
    for (let j = i + 1; j < blocks.length; j += 1) {
      const a = blocks[i]!;
      const b = blocks[j]!;
      if (cidrsOverlap(a.cidr, b.cidr)) {
        issues.push({ path: b.path, value: b.cidr.text, message: `${b.what} ${b.cidr.text} overlaps ${a.what} ${a.cidr.text}` });
      }
    }
  }
}

/**
 * Cross-field checks of a schema-valid design: overlapping CIDRs, subnets outside the VPC, references to
 * missing subnets, sizes out of order, CNI settings that contradict each other. Every issue names its path.
 *
 * @example
 * checkDesign(design).map((i) => i.message) // => ['service CIDR 10.0.0.0/16 overlaps VPC CIDR block 10.0.0.0/16']
 */
export function checkDesign(design: ClusterDesign): Issue[] {
  const issues: Issue[] = [];
  const { network, cluster, cni } = design;
  const aws = network.provider === 'aws';

  if (aws && !network.region) issues.push({ path: ['network', 'region'], message: 'is required when network.provider is aws' });
  if (aws && !network.vpc) issues.push({ path: ['network', 'vpc'], message: 'is required when network.provider is aws (the VPC CIDR blocks)' });

  const vpcBlocks: Block[] = (network.vpc?.cidrBlocks ?? []).map((text, i) => ({ cidr: parseCidr(text), path: ['network', 'vpc', 'cidrBlocks', i], what: 'VPC CIDR block' }));
  overlaps(vpcBlocks, issues);

  const subnetBlocks: Block[] = [];
  const seenSubnetRefs = new Map<string, number>();
  network.subnets.forEach((subnet, i) => {
    const path: JsonPath = ['network', 'subnets', i];
    const cidr = parseCidr(subnet.cidr);
    subnetBlocks.push({ cidr, path: [...path, 'cidr'], what: `subnet ${subnetLabel(subnet)}` });
    for (const ref of [subnet.name, subnet.id]) {
      if (ref === undefined) continue;
      const first = seenSubnetRefs.get(ref);
      if (first !== undefined) issues.push({ path: [...path, ref === subnet.name ? 'name' : 'id'], value: ref, message: `duplicate subnet name or id (also network.subnets[${first}])` });
      else seenSubnetRefs.set(ref, i);
    }
    if (aws) {
      if (!subnet.availabilityZone) issues.push({ path: [...path, 'availabilityZone'], message: 'is required for AWS subnets' });
      else if (network.region && !subnet.availabilityZone.startsWith(network.region)) {
        issues.push({ path: [...path, 'availabilityZone'], value: subnet.availabilityZone, message: `is not in region ${network.region}` });
      }
      if (cidr.family === 4 && (cidr.prefix < 16 || cidr.prefix > 28)) {
        issues.push({ path: [...path, 'cidr'], value: subnet.cidr, message: 'an AWS subnet must be between /16 and /28' });
      }
      if (vpcBlocks.length > 0 && !vpcBlocks.some((b) => cidrContains(b.cidr, cidr))) {
        issues.push({ path: [...path, 'cidr'], value: subnet.cidr, message: `is outside the VPC (CIDR blocks ${vpcBlocks.map((b) => b.cidr.text).join(', ')})` });
      }
    }
  });
  overlaps(subnetBlocks, issues);

  // Service and pod ranges.
  const svcTexts = serviceCidrs(design);
  const svcBlocks: Block[] = svcTexts.map((text, i) => ({ cidr: parseCidr(text), path: ['cluster', 'serviceCIDRs', i], what: 'service CIDR' }));
  familiesOnce(svcBlocks, 'service CIDRs', issues);
  const usesNodePodCidrs = cni.plugin !== 'aws-vpc-cni';
  const podBlocks: Block[] = usesNodePodCidrs
    ? podCidrs(design).map((text, i) => ({ cidr: parseCidr(text), path: design.cluster.podCIDRs ? ['cluster', 'podCIDRs', i] : ['cluster', 'podCIDRs'], what: 'pod CIDR' }))
    : [];
  familiesOnce(podBlocks, 'pod CIDRs', issues);
  for (const svc of svcBlocks) {
    for (const other of [...vpcBlocks, ...podBlocks]) {
      if (cidrsOverlap(svc.cidr, other.cidr)) issues.push({ path: svc.path, value: svc.cidr.text, message: `service CIDR ${svc.cidr.text} overlaps ${other.what} ${other.cidr.text}` });
    }
  }
  for (const pod of podBlocks) {
    for (const other of [...vpcBlocks, ...subnetBlocks]) {
      if (cidrsOverlap(pod.cidr, other.cidr)) issues.push({ path: pod.path, value: pod.cidr.text, message: `pod CIDR ${pod.cidr.text} overlaps ${other.what} ${other.cidr.text}` });
    }
    if (cni.plugin !== 'calico' && pod.cidr.family === 4 && cluster.nodeCIDRMaskSize < pod.cidr.prefix) {
      issues.push({ path: ['cluster', 'nodeCIDRMaskSize'], value: cluster.nodeCIDRMaskSize, message: `must be at least the pod CIDR's prefix length (/${pod.cidr.prefix})` });
    }
  }
  const dnsIp = clusterDnsIp(design);
  const dnsParsed = parseIp(dnsIp);
  if (!dnsParsed) issues.push({ path: ['cluster', 'dnsIP'], value: dnsIp, message: 'is not an IP address' });
  else if (svcBlocks[0] && !cidrContainsIp(svcBlocks[0].cidr, dnsIp)) {
    issues.push({ path: ['cluster', 'dnsIP'], value: dnsIp, message: `is outside the service CIDR ${svcBlocks[0].cidr.text}` });
  }

  checkCni(design, issues);
  checkNodes(design, issues);
  return issues;
}

function familiesOnce(blocks: readonly Block[], what: string, issues: Issue[]): void {
  const [a, b] = blocks;
  if (a && b && a.cidr.family === b.cidr.family) issues.push({ path: b.path, value: b.cidr.text, message: `two ${what} must be one IPv4 and one IPv6 block (dual stack)` });
}

function checkCni(design: ClusterDesign, issues: Issue[]): void {
  const { cni, network } = design;
  const blocks = { 'aws-vpc-cni': 'awsVpcCni', calico: 'calico', bridge: 'bridge', 'docker-bridge': 'dockerBridge' } as const;
  for (const [plugin, key] of Object.entries(blocks)) {
    if (cni[key] !== undefined && cni.plugin !== plugin) issues.push({ path: ['cni', key], message: `is set but cni.plugin is ${cni.plugin}` });
  }
  if (cni.plugin === 'aws-vpc-cni') {
    if (network.provider !== 'aws') issues.push({ path: ['cni', 'plugin'], value: cni.plugin, message: 'the Amazon VPC CNI needs network.provider aws' });
    const vpc = cni.awsVpcCni;
    if (vpc?.ENABLE_IPv6 && !vpc.ENABLE_PREFIX_DELEGATION) {
      issues.push({ path: ['cni', 'awsVpcCni', 'ENABLE_IPv6'], value: true, message: 'IPv6 mode of the VPC CNI requires ENABLE_PREFIX_DELEGATION=true' });
    }
    if (vpc?.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG) {
      const configs = vpc.ENIConfigs ?? {};
      if (Object.keys(configs).length === 0) {
        issues.push({ path: ['cni', 'awsVpcCni', 'ENIConfigs'], message: 'custom networking (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true) needs an ENIConfig per availability zone' });
      }
      for (const [zone, config] of Object.entries(configs)) {
        const subnet = findSubnet(design, config.subnet);
        const path: JsonPath = ['cni', 'awsVpcCni', 'ENIConfigs', zone, 'subnet'];
        if (!subnet) issues.push({ path, value: config.subnet, message: 'no subnet with this name or id in network.subnets' });
        else if (subnet.availabilityZone && subnet.availabilityZone !== zone) {
          issues.push({ path, value: config.subnet, message: `subnet is in ${subnet.availabilityZone}, not ${zone}` });
        }
      }
      for (const zone of nodeZones(design)) {
        if (!configs[zone]) issues.push({ path: ['cni', 'awsVpcCni', 'ENIConfigs'], value: zone, message: `nodes run in ${zone} but it has no ENIConfig` });
      }
    }
  }
  if (cni.plugin === 'calico') {
    const pools = cni.calico?.ipPools ?? [];
    const poolBlocks: Block[] = pools.map((pool, i) => ({ cidr: parseCidr(pool.cidr), path: ['cni', 'calico', 'ipPools', i, 'cidr'], what: `IP pool ${pool.name}` }));
    overlaps(poolBlocks, issues);
    pools.forEach((pool, i) => {
      const cidr = parseCidr(pool.cidr);
      const max = cidr.family === 4 ? 32 : 128;
      if (pool.blockSize < cidr.prefix || pool.blockSize > max) {
        issues.push({ path: ['cni', 'calico', 'ipPools', i, 'blockSize'], value: pool.blockSize, message: `must be between the pool prefix /${cidr.prefix} and /${max}` });
      }
    });
  }
}

/** Availability zones the design's nodes run in. */
export function nodeZones(design: ClusterDesign): string[] {
  const zones = new Set<string>();
  for (const group of design.nodeGroups) {
    for (const s of nodeGroupSubnets(design, group)) if (s.availabilityZone) zones.add(s.availabilityZone);
  }
  for (const node of design.nodes) {
    const subnet = node.subnet ? findSubnet(design, node.subnet) : undefined;
    const zone = node.availabilityZone ?? subnet?.availabilityZone;
    if (zone) zones.add(zone);
  }
  return [...zones].sort();
}

/** The subnets a node group launches into: explicit, else those in its zones, else every `nodes`/`private` subnet. */
export function nodeGroupSubnets(design: Pick<ClusterDesign, 'network'>, group: ClusterDesign['nodeGroups'][number]): Subnet[] {
  if (group.subnets) return group.subnets.map((ref) => findSubnet(design, ref)).filter((s): s is Subnet => s !== undefined);
  const candidates = design.network.subnets.filter((s) => s.role === 'nodes' || s.role === 'private');
  const pool = candidates.length > 0 ? candidates : design.network.subnets.filter((s) => s.role !== 'pods');
  return group.availabilityZones ? pool.filter((s) => s.availabilityZone && group.availabilityZones!.includes(s.availabilityZone)) : pool;
}

function checkNodes(design: ClusterDesign, issues: Issue[]): void {
  const names = new Map<string, string>();
  design.nodeGroups.forEach((group, i) => {
    const path: JsonPath = ['nodeGroups', i];
    const first = names.get(group.name);
    if (first) issues.push({ path: [...path, 'name'], value: group.name, message: `duplicate node group name (also ${first})` });
    else names.set(group.name, `nodeGroups[${i}]`);
    const min = group.minSize ?? group.desiredSize;
    const max = group.maxSize ?? group.desiredSize;
    if (min > group.desiredSize) issues.push({ path: [...path, 'minSize'], value: min, message: `must not exceed desiredSize (${group.desiredSize})` });
    if (max < group.desiredSize) issues.push({ path: [...path, 'maxSize'], value: max, message: `must be at least desiredSize (${group.desiredSize})` });
    (group.subnets ?? []).forEach((ref, j) => {
      const subnet = findSubnet(design, ref);
      if (!subnet) issues.push({ path: [...path, 'subnets', j], value: ref, message: 'no subnet with this name or id in network.subnets' });
      else if (subnet.role === 'pods') issues.push({ path: [...path, 'subnets', j], value: ref, message: 'is a pods subnet; nodes launch into nodes, private or public subnets' });
    });
    (group.availabilityZones ?? []).forEach((zone, j) => {
      if (!design.network.subnets.some((s) => s.availabilityZone === zone)) {
        issues.push({ path: [...path, 'availabilityZones', j], value: zone, message: 'no subnet in network.subnets is in this zone' });
      }
    });
    if (design.network.provider === 'aws' && design.network.subnets.length > 0 && nodeGroupSubnets(design, group).length === 0) {
      issues.push({ path: [...path, 'subnets'], message: 'the node group has no subnet to launch into' });
    }
  });
  const nodeNames = new Map<string, number>();
  design.nodes.forEach((node, i) => {
    const path: JsonPath = ['nodes', i];
    const first = nodeNames.get(node.name);
    if (first !== undefined) issues.push({ path: [...path, 'name'], value: node.name, message: `duplicate node name (also nodes[${first}])` });
    else nodeNames.set(node.name, i);
    const subnet = node.subnet ? findSubnet(design, node.subnet) : undefined;
    if (node.subnet && !subnet) issues.push({ path: [...path, 'subnet'], value: node.subnet, message: 'no subnet with this name or id in network.subnets' });
    if (node.internalIP) {
      if (!parseIp(node.internalIP)) issues.push({ path: [...path, 'internalIP'], value: node.internalIP, message: 'is not an IP address' });
      else if (subnet && !cidrContainsIp(parseCidr(subnet.cidr), node.internalIP)) {
        issues.push({ path: [...path, 'internalIP'], value: node.internalIP, message: `is outside subnet ${subnetLabel(subnet)} (${subnet.cidr})` });
      }
    }
  });
}
