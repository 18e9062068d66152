import { nthAddress, parseCidr } from '../net/cidr';
import type { ClusterDesign } from './cluster-design.schema';

/** EKS's default service range is 10.100.0.0/16 (or 172.20.0.0/16 when the VPC uses 10.0.0.0/8); kubeadm's is 10.96.0.0/12. */
export function defaultServiceCidrs(design: Pick<ClusterDesign, 'network'>): string[] {
  if (design.network.provider !== 'aws') return ['10.96.0.0/12'];
  const vpcUses10 = (design.network.vpc?.cidrBlocks ?? []).some((b) => b.startsWith('10.'));
  return vpcUses10 ? ['172.20.0.0/16'] : ['10.100.0.0/16'];
}

/** The design's service CIDRs, explicit or defaulted. */
export function serviceCidrs(design: Pick<ClusterDesign, 'network' | 'cluster'>): string[] {
  return design.cluster.serviceCIDRs ?? defaultServiceCidrs(design);
}

/**
 * The cluster DNS Service IP: explicit `cluster.dnsIP`, else the 10th address of the first service CIDR
 * (kubeadm's and EKS's convention: 10.96.0.10, 10.100.0.10, 172.20.0.10).
 *
 * @example
 * clusterDnsIp({ cluster: { serviceCIDRs: ['10.100.0.0/16'] }, network: { provider: 'aws' } }) // => '10.100.0.10'
 */
export function clusterDnsIp(design: Pick<ClusterDesign, 'network' | 'cluster'>): string {
  if (design.cluster.dnsIP) return design.cluster.dnsIP;
  const first = serviceCidrs(design)[0]!;
  return nthAddress(parseCidr(first), 10);
}

/** The `kubernetes` Service's ClusterIP: the first usable address of the first service CIDR. */
export function kubernetesServiceIp(design: Pick<ClusterDesign, 'network' | 'cluster'>): string {
  return nthAddress(parseCidr(serviceCidrs(design)[0]!), 1);
}

/** Cluster pod CIDRs, explicit or the kubeadm/kubenet default 10.244.0.0/16 (Calico's default pool is 192.168.0.0/16). */
export function podCidrs(design: Pick<ClusterDesign, 'cluster' | 'cni'>): string[] {
  if (design.cluster.podCIDRs && design.cluster.podCIDRs.length > 0) return design.cluster.podCIDRs;
  if (design.cni.plugin === 'calico') return (design.cni.calico?.ipPools ?? []).map((p) => p.cidr).slice(0, 1).concat(design.cni.calico?.ipPools?.length ? [] : ['192.168.0.0/16']);
  return ['10.244.0.0/16'];
}
