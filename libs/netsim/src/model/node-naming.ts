import { ipHostLabel } from './address-book';

/**
 * The EC2 private DNS name EKS uses as the node name: `ip-10-0-1-23.ec2.internal` in us-east-1,
 * `ip-10-0-1-23.<region>.compute.internal` elsewhere (Amazon VPC user guide, "DNS hostnames": the
 * IP-based private name of an instance).
 *
 * @example
 * eksNodeName(167772439, 'eu-west-1') // => 'ip-10-0-1-23.eu-west-1.compute.internal'
 */
export function eksNodeName(ip: number, region: string): string {
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `${ipHostLabel(ip)}.${domain}`;
}
