import { parseCidr, formatIp, podCidrs, type Inventory } from '@podnet/contracts';
import { DEFAULT_KUBE_PROXY_CONFIG, type KubeProxyConfig, type ProxyMode } from './config';

function supernet(cidrs: readonly string[]): string | null {
  const blocks = cidrs.map((c) => parseCidr(c));
  const first = blocks[0];
  if (!first) return null;
  const bits = first.family === 4 ? 32 : 128;
  let lo = first.first;
  let hi = first.last;
  for (const b of blocks) {
    if (b.family !== first.family) continue;
    if (b.first < lo) lo = b.first;
    if (b.last > hi) hi = b.last;
  }
  let prefix = bits;
  while (prefix > 0) {
    const host = BigInt(bits - prefix);
    const net = (lo >> host) << host;
    if (net + (1n << host) - 1n >= hi) return `${formatIp(net, first.family)}/${prefix}`;
    prefix -= 1;
  }
  return first.family === 4 ? '0.0.0.0/0' : '::/0';
}

function configMapSetting(text: string, key: string): string | undefined {
  const m = new RegExp(`^\\s*${key}:\\s*["']?([^"'\\s#]*)["']?`, 'm').exec(text);
  return m?.[1] === '' ? undefined : m?.[1];
}

/**
 * kube-proxy's configuration for an input (cli-contract.md "kube-proxy rulesets"): with a ClusterDesign, the mode
 * is `cluster.kubeProxyMode` and the cluster CIDR is the design's pod CIDRs (the VPC CIDR blocks for the AWS VPC CNI,
 * whose pods take VPC addresses); with plain manifests, the `kube-system/kube-proxy` ConfigMap (`config.conf`:
 * `mode`, `clusterCIDR`, `masqueradeAll`) when present, else the smallest block covering the Nodes' podCIDRs.
 *
 * @example
 * kubeProxyConfigFromInventory(inventory).clusterCIDRs // => ['10.244.0.0/16']
 */
export function kubeProxyConfigFromInventory(inventory: Inventory): KubeProxyConfig {
  const design = inventory.design;
  if (inventory.hasDesign) {
    let cidrs: string[];
    if (design.cluster.podCIDRs && design.cluster.podCIDRs.length > 0) cidrs = [...design.cluster.podCIDRs];
    else if (design.cni.plugin === 'aws-vpc-cni' && design.network.vpc) cidrs = design.network.vpc.cidrBlocks.slice(0, 1);
    else cidrs = podCidrs(design);
    return { ...DEFAULT_KUBE_PROXY_CONFIG, mode: design.cluster.kubeProxyMode, clusterCIDRs: cidrs };
  }
  const cm = inventory.configMaps.find((c) => c.metadata.name === 'kube-proxy' && (c.metadata.namespace ?? 'default') === 'kube-system');
  const conf = cm?.data?.['config.conf'];
  if (conf) {
    const mode = configMapSetting(conf, 'mode');
    const cidr = configMapSetting(conf, 'clusterCIDR');
    const masqueradeAll = configMapSetting(conf, 'masqueradeAll') === 'true';
    return {
      ...DEFAULT_KUBE_PROXY_CONFIG,
      mode: mode === 'ipvs' || mode === 'nftables' ? (mode as ProxyMode) : 'iptables',
      clusterCIDRs: cidr ? cidr.split(',').map((c) => c.trim()).filter((c) => c !== '') : [],
      masqueradeAll,
    };
  }
  const nodeCidrs = inventory.nodes.flatMap((n) => (n.spec?.podCIDRs && n.spec.podCIDRs.length > 0 ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : []));
  const v4 = supernet(nodeCidrs.filter((c) => !c.includes(':')));
  const v6 = supernet(nodeCidrs.filter((c) => c.includes(':')));
  return { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: [v4, v6].filter((c): c is string => c !== null) };
}
