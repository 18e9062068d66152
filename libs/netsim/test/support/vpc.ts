import { AWS_NETWORK, designDoc, type PodSketch } from './cluster';

/**
 * A VPC CNI design: VPC 10.0.0.0/16, subnets 10.0.1.0/24 (us-east-1a) and 10.0.2.0/24 (us-east-1b), one
 * t3.small node group of two nodes spread over both subnets (ip-10-0-1-4.ec2.internal, ip-10-0-2-4.ec2.internal).
 * t3.small: 3 ENIs x 4 IPv4 (aws-planner catalogue), so 3 secondary IPs per ENI and max pods 3 x 3 + 2 = 11.
 */
export function vpcDesign(pods: readonly PodSketch[], cni: Record<string, unknown> = {}, group: Record<string, unknown> = {}, network: Record<string, unknown> = AWS_NETWORK): string {
  return designDoc({ network, cni: { plugin: 'aws-vpc-cni', ...(Object.keys(cni).length ? { awsVpcCni: cni } : {}) }, nodeGroups: [{ name: 'ng', instanceType: 't3.small', desiredSize: 2, ...group }] }, pods);
}

export const NODE_A = 'ip-10-0-1-4.ec2.internal';
export const NODE_B = 'ip-10-0-2-4.ec2.internal';

/** `count` pods named `<prefix>1..n` bound to a node. */
export function podsOn(node: string, prefix: string, count: number, ports = [{ containerPort: 80 }]): PodSketch[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i + 1}`, node, ports }));
}
