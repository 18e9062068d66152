/** A pod's resolver configuration, as kubelet writes /etc/resolv.conf. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly options: readonly string[];
}

/** What kubelet needs to know about a pod to write its resolv.conf. */
export interface PodDnsInput {
  readonly namespace: string;
  readonly dnsPolicy?: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  readonly hostNetwork?: boolean;
  readonly dnsConfig?: {
    readonly nameservers?: readonly string[];
    readonly searches?: readonly string[];
    readonly options?: readonly { readonly name: string; readonly value?: string }[];
  };
}

/** kubelet flags that matter (`--cluster-dns`, `--cluster-domain`). */
export interface KubeletDns {
  readonly clusterDNS: readonly string[];
  readonly clusterDomain: string;
}

/** kubelet's limits (`pkg/apis/core/validation`: MaxDNSNameservers, MaxDNSSearchPaths). */
export const MAX_DNS_NAMESERVERS = 3;
export const MAX_DNS_SEARCH_PATHS = 32;

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function optionText(o: { name: string; value?: string }): string {
  return o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name;
}

function mergeOptions(base: readonly string[], extra: readonly { name: string; value?: string }[]): string[] {
  const out = new Map<string, string>();
  for (const o of base) out.set(o.split(':')[0]!, o);
  for (const o of extra) out.set(o.name, optionText(o));
  return [...out.values()];
}

/**
 * The resolv.conf kubelet gives a pod (`pkg/kubelet/network/dns/dns.go`): ClusterFirst (the default) uses the
 * cluster DNS with search `<ns>.svc.<zone> svc.<zone> <zone>` + the node's search domains and `ndots:5`; a
 * hostNetwork pod with ClusterFirst falls back to `Default` (the node's resolv.conf); ClusterFirstWithHostNet
 * keeps the cluster DNS; `None` uses only `dnsConfig`. `dnsConfig` is merged onto the base, duplicates removed.
 *
 * @example
 * podResolvConf({ namespace: 'default' }, { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local' }, { nameservers: [], search: [], options: [] }).search
 * // => ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']
 */
export function podResolvConf(pod: PodDnsInput, kubelet: KubeletDns, node: ResolvConf): ResolvConf {
  let policy = pod.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod.hostNetwork) policy = 'Default';
  let base: ResolvConf;
  switch (policy) {
    case 'None':
      base = { nameservers: [], search: [], options: [] };
      break;
    case 'Default':
      base = node;
      break;
    case 'ClusterFirst':
    case 'ClusterFirstWithHostNet': {
      const domain = kubelet.clusterDomain.replace(/\.$/, '');
      const clusterSearch = [`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain];
      base = { nameservers: [...kubelet.clusterDNS], search: unique([...clusterSearch, ...node.search]), options: ['ndots:5'] };
      break;
    }
  }
  const cfg = pod.dnsConfig;
  return {
    nameservers: unique([...base.nameservers, ...(cfg?.nameservers ?? [])]).slice(0, MAX_DNS_NAMESERVERS),
    search: unique([...base.search, ...(cfg?.searches ?? [])]).slice(0, MAX_DNS_SEARCH_PATHS),
    options: mergeOptions(base.options, cfg?.options ?? []),
  };
}

/** The `ndots` option of a resolv.conf (glibc default 1, capped at 15). */
export function ndotsOf(conf: ResolvConf): number {
  for (const o of conf.options) {
    const m = /^ndots:(\d+)$/.exec(o);
    if (m) return Math.min(Number(m[1]), 15);
  }
  return 1;
}

/**
 * The names a glibc stub resolver tries for a name, in order (resolv.conf(5)): a trailing dot means only the name
 * itself; with at least `ndots` dots the name is tried as is first, then with each search domain; with fewer,
 * the search domains come first and the bare name last.
 *
 * @example
 * searchCandidates('foo.bar', { nameservers: [], search: ['quux.svc.cluster.local'], options: ['ndots:5'] })
 * // => ['foo.bar.quux.svc.cluster.local.', 'foo.bar.']
 */
export function searchCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = conf.search.map((s) => `${name}.${s.replace(/\.$/, '')}.`);
  return dots >= ndotsOf(conf) ? [`${name}.`, ...searched] : [...searched, `${name}.`];
}
