import { parseIp, type ConfigMap } from '@podnet/contracts';
import type { PodRecordsMode, UpstreamRecord } from './types';

/** What a CoreDNS Corefile says that changes answers. */
export interface CorefileSettings {
  readonly podsMode?: PodRecordsMode;
  readonly ttl?: number;
  /** Static records of the `hosts` plugin, answered like records outside the cluster zone. */
  readonly hosts: readonly UpstreamRecord[];
}

/**
 * Reads the `kube-system/coredns` ConfigMap's Corefile (CoreDNS README: kubernetes plugin `pods` and `ttl`, hosts
 * plugin entries `IP NAME...`). Missing ConfigMap or settings leave the defaults to the caller.
 *
 * @example
 * corefileSettings(configMaps).podsMode // => 'insecure' for the kubeadm Corefile
 */
export function corefileSettings(configMaps: readonly ConfigMap[]): CorefileSettings {
  const cm = configMaps.find((c) => c.metadata.name === 'coredns' && (c.metadata.namespace ?? 'default') === 'kube-system');
  const text = cm?.data?.['Corefile'];
  if (!text) return { hosts: [] };
  const kubernetes = /kubernetes[^{\n]*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  const pods = /^\s*pods\s+(disabled|insecure|verified)\s*$/m.exec(kubernetes)?.[1] as PodRecordsMode | undefined;
  const ttlText = /^\s*ttl\s+(\d+)\s*$/m.exec(kubernetes)?.[1];
  const hosts: UpstreamRecord[] = [];
  const block = /hosts[^{\n]*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  for (const line of block.split('\n')) {
    const words = line.trim().split(/\s+/);
    const ip = words[0];
    if (!ip || !parseIp(ip)) continue;
    for (const name of words.slice(1)) hosts.push({ name, type: ip.includes(':') ? 'AAAA' : 'A', address: ip });
  }
  return { ...(pods ? { podsMode: pods } : {}), ...(ttlText ? { ttl: Number(ttlText) } : {}), hosts };
}
