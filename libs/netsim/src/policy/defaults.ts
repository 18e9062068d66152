import type { CniPlugin } from '@podnet/contracts';

/**
 * Whether ipBlock peers match pod IPs under a CNI (docs/netpol.md §1 "ipBlock vs pod IPs").
 * - `calico`: yes (Calico matches cluster IPs, projectcalico/calico#6634).
 * - `aws-vpc-cni`: yes (the VPC CNI network policy agent programs ipBlocks as eBPF CIDR maps; pod IPs are VPC
 *   addresses like any other).
 * - `bridge`, `docker-bridge`: these plugins enforce nothing themselves; podnet models the upstream e2e
 *   expectation, which builds ipBlocks from pod IPs and expects them to match.
 * CNIs that do not match pod IPs (Cilium, Terway) are not design options; use `--ipblock-matches-pods false`.
 *
 * @example
 * defaultIpBlockMatchesPods('calico') // => true
 */
export function defaultIpBlockMatchesPods(plugin: CniPlugin): boolean {
  switch (plugin) {
    case 'calico':
    case 'aws-vpc-cni':
    case 'bridge':
    case 'docker-bridge':
      return true;
  }
}
