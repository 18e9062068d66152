/**
 * A deliberately naive NetworkPolicy evaluator written straight from the reference algorithm in
 * ../shared/docs/netpol.md §4 (and the API reference): it reads the raw manifests for every query and shares
 * no code with src/policy (no classes, no port-set table), so tests can compare the two.
 */
type Labels = Record<string, string>;
interface Sel { readonly matchLabels?: Readonly<Labels> | null; readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] | null }[] | null }
interface RawPod { ns: string; name: string; labels: Labels; ip?: string; ports: { port: number; name?: string; protocol: string }[] }
interface RawPeer { readonly podSelector?: Sel | null; readonly namespaceSelector?: Sel | null; readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] | null } | null }
interface RawRule { readonly from?: readonly RawPeer[] | null; readonly to?: readonly RawPeer[] | null; readonly ports?: readonly { readonly protocol?: string; readonly port?: number | string; readonly endPort?: number }[] | null }
export interface RawPolicy { metadata: { namespace: string; name: string }; spec: { podSelector: Sel; policyTypes?: readonly string[] | null; ingress?: readonly RawRule[] | null; egress?: readonly RawRule[] | null } }

function matches(sel: Sel | null | undefined, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = e.values ?? [];
    if (e.operator === 'In' && !(has && vals.includes(labels[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function ipNum(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipNum(base!) / size) * size;
  const n = ipNum(ip);
  return n >= start && n < start + size;
}

export interface RefCluster { pods: RawPod[]; nsLabels: Record<string, Labels>; policies: RawPolicy[]; ipBlockMatchesPods: boolean }
type End = { pod: RawPod } | { ip: string };

function types(p: RawPolicy): readonly string[] {
  if (p.spec.policyTypes && p.spec.policyTypes.length > 0) return p.spec.policyTypes;
  return p.spec.egress && p.spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function peerMatches(c: RefCluster, peers: readonly RawPeer[] | null | undefined, x: End, policyNs: string): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some((peer) => {
    if (peer.ipBlock) {
      const ip = 'pod' in x ? (c.ipBlockMatchesPods ? x.pod.ip : undefined) : x.ip;
      return ip !== undefined && inCidr(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => inCidr(ip, e));
    }
    if (!('pod' in x)) return false;
    const nsOk = peer.namespaceSelector ? matches(peer.namespaceSelector, c.nsLabels[x.pod.ns] ?? {}) : x.pod.ns === policyNs;
    return nsOk && (peer.podSelector ? matches(peer.podSelector, x.pod.labels) : true);
  });
}

function portMatches(ports: RawRule['ports'], proto: string, port: number, dst: End): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== proto) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return port >= p.port && port <= (p.endPort ?? p.port);
    return 'pod' in dst && dst.pod.ports.some((cp) => cp.name === p.port && cp.protocol === proto && cp.port === port);
  });
}

/** netpol.md §4 `allowed(src, dst, proto, port)`. */
export function referenceAllowed(c: RefCluster, src: End, dst: End, proto: string, port: number): boolean {
  if ('pod' in src && 'pod' in dst && src.pod === dst.pod) return true;
  if ('pod' in src) {
    const pols = c.policies.filter((p) => p.metadata.namespace === src.pod.ns && matches(p.spec.podSelector, src.pod.labels) && types(p).includes('Egress'));
    if (pols.length > 0 && !pols.some((p) => (p.spec.egress ?? []).some((r) => peerMatches(c, r.to, dst, p.metadata.namespace) && portMatches(r.ports, proto, port, dst)))) return false;
  }
  if ('pod' in dst) {
    const pols = c.policies.filter((p) => p.metadata.namespace === dst.pod.ns && matches(p.spec.podSelector, dst.pod.labels) && types(p).includes('Ingress'));
    if (pols.length > 0 && !pols.some((p) => (p.spec.ingress ?? []).some((r) => peerMatches(c, r.from, src, p.metadata.namespace) && portMatches(r.ports, proto, port, dst)))) return false;
  }
  return true;
}
