import { ByteWriter, cachedPiece, linesOf, pieceOf, put, putIPv4, type Piece } from '../byte-writer';
import { nftHashAndTruncate } from '../chain-names';
import { masqueradeMark } from '../config';
import { clusterSet, listOf, reachableSet, wholeTable, type Endpoints } from '../endpoint-sets';
import { utf8, type EndpointTable } from '../endpoint-table';
import type { NodePlan, ServicePortPlan } from '../plan';
import type { ProxyEndpoint } from '../service-ports';
import { simdHasher } from '../sha256-simd';

/** Bytes per chunk (a chunk ends after the service port that reaches it). */
const CHUNK = 1 << 20;
const ENDPOINT = pieceOf('endpoint-');
/** `i : goto ` for the dispatch maps' entries, made once per index. */
const INDEX_GOTO: Piece[] = [];

function base(plan: ServicePortPlan): string {
  const p = plan.sp;
  return nftHashAndTruncate(`${p.service.namespace}/${p.service.name}/${p.protocol}/${p.port.name}`);
}

/** `endpoint-<HASH8>-ns/name/proto/port__ip/port` (`servicePortEndpointChainNameBase`). */
export function nftEndpointChain(plan: ServicePortPlan, ep: ProxyEndpoint): string {
  const p = plan.sp;
  // Chain names allow [A-Za-z0-9_./-]: the port is separated by "/", IPv6 colons become "." .
  const endpoint = `${ep.ip.replace(/:/g, '.')}/${ep.port}`;
  return `endpoint-${nftHashAndTruncate(`${p.service.namespace}/${p.service.name}/${p.protocol}/${p.port.name}__${endpoint}`)}`;
}

/**
 * The endpoint chains of a whole IPv4 table, by number: the 8 hash characters of every endpoint's
 * `ns/name/proto/port__a.b.c.d/port` (2 packed words each, computed once per cluster by the SIMD hasher, kept on the
 * table), and the name's text around them. Null when the table or the engine does not allow it (IPv6, a name too long
 * for one SHA-256 block, no WebAssembly SIMD): the writers then take the endpoint objects and their names as text.
 */
interface TableNames {
  readonly table: EndpointTable;
  readonly hashes: Int32Array;
  /** `-ns/name/proto/port__`. */
  readonly middle: Piece;
}

const tableNames = new WeakMap<EndpointTable, TableNames | null>();

function namesOf(plan: ServicePortPlan, table: EndpointTable): TableNames | null {
  let names = tableNames.get(table);
  if (names !== undefined) return names;
  names = null;
  const p = plan.sp;
  const rest = `${p.service.namespace}/${p.service.name}/${p.protocol}/${p.port.name}__`;
  const prefix = utf8(rest);
  const simd = simdHasher();
  let samePort = true;
  for (let i = 1; i < table.length && samePort; i += 1) samePort = table.ports[i] === table.ports[0];
  // One block (55 bytes) for the hash input, and no truncation of the name (200 characters, hashAndTruncate).
  if (simd && table.dottedQuads && samePort && prefix.length === rest.length && prefix.length + 15 + 6 <= 55) {
    const hashes = table.nftHashes ?? table.store.nftHashesOf(table);
    if (table.nftHashes === null && table.length > 0) simd.hashRun(prefix, table.ipv4, 0, table.length, utf8(`/${table.ports[0]!}`), hashes, 0, 2);
    table.nftHashes = hashes;
    names = { table, hashes, middle: pieceOf(`-${rest}`) };
  }
  tableNames.set(table, names);
  return names;
}

/** Endpoint i's chain name (`endpoint-HASH8-ns/name/proto/port__a.b.c.d/port`); returns the position after it. */
function putName(view: DataView, pos: number, names: TableNames, i: number, tail: Piece): number {
  pos = put(view, pos, ENDPOINT);
  view.setInt32(pos, names.hashes[2 * i]!, true);
  view.setInt32(pos + 4, names.hashes[2 * i + 1]!, true);
  pos = put(view, pos + 8, names.middle);
  pos = putIPv4(view, pos, names.table.ipv4[i]!);
  return put(view, pos, tail);
}

/** `numgen random mod N vmap { 0 : goto endpoint-… , 1 : goto … }`, the body line of a service chain. */
function writeDispatch(w: ByteWriter, plan: ServicePortPlan, endpoints: Endpoints): void {
  const table = wholeTable(endpoints);
  const names = table ? namesOf(plan, table) : null;
  if (!names) {
    const eps = listOf(endpoints);
    w.text(`\t\tnumgen random mod ${eps.length} vmap { ${eps.map((ep, i) => `${i} : goto ${nftEndpointChain(plan, ep)}`).join(' , ')} }\n`);
    return;
  }
  const n = names.table.length;
  w.text(`\t\tnumgen random mod ${n} vmap { `);
  const slash = cachedPiece(`/${names.table.ports[0] ?? 0}`);
  const next = cachedPiece(`/${names.table.ports[0] ?? 0} , `);
  for (let i = 0; i < n; i += 1) {
    const index = (INDEX_GOTO[i] ??= pieceOf(`${i} : goto `));
    w.room(index.length + ENDPOINT.length + 8 + names.middle.length + 15 + next.length + 8);
    const pos = put(w.view, w.pos, index);
    w.pos = putName(w.view, pos, names, i, i + 1 < n ? next : slash);
  }
  w.text(' }\n');
}

/** The endpoint chains (masquerade of hairpin traffic, DNAT) of a service port's reachable endpoints. */
function writeEndpointChains(w: ByteWriter, plan: ServicePortPlan, fam: string): void {
  const p = plan.sp;
  const endpoints = reachableSet(plan);
  const table = wholeTable(endpoints);
  const names = table && p.service.sessionAffinitySeconds === null ? namesOf(plan, table) : null;
  if (!names) {
    for (const ep of listOf(endpoints)) {
      w.text(`\tchain ${nftEndpointChain(plan, ep)} {\n\t\t${fam} saddr ${ep.ip} jump mark-for-masquerade\n`);
      if (p.service.sessionAffinitySeconds !== null) w.text(`\t\tupdate @affinity-${nftEndpointChain(plan, ep).slice('endpoint-'.length)} { ${fam} saddr }\n`);
      w.text(`\t\tmeta l4proto ${p.protocol} dnat to ${ep.endpoint}\n\t}\n`);
    }
    return;
  }
  const port = names.table.ports[0] ?? 0;
  const head = cachedPiece('\tchain ');
  const nameEnd = cachedPiece(`/${port} {\n\t\t${fam} saddr `);
  const masq = cachedPiece(` jump mark-for-masquerade\n\t\tmeta l4proto ${p.protocol} dnat to `);
  const end = cachedPiece(`:${port}\n\t}\n`);
  const line = head.length + ENDPOINT.length + 8 + names.middle.length + 15 + nameEnd.length + 15 + masq.length + 15 + end.length + 16;
  for (let i = 0; i < names.table.length; i += 1) {
    w.room(line);
    const view = w.view;
    const v = names.table.ipv4[i]!;
    let pos = put(view, w.pos, head);
    pos = putName(view, pos, names, i, nameEnd);
    pos = putIPv4(view, pos, v);
    pos = put(view, pos, masq);
    pos = putIPv4(view, pos, v);
    w.pos = put(view, pos, end);
  }
}

/**
 * The ruleset kube-proxy's nftables mode programs on a node (`pkg/proxy/nftables/proxier.go`), in `nft -f` syntax:
 * table `ip kube-proxy` (or `ip6`), verdict maps `service-ips`, `service-nodeports`, `no-endpoint-services`,
 * `no-endpoint-nodeports`, `firewall-ips`, the `cluster-ips` set and `cluster-ips-check` (reject unused ports of
 * ClusterIPs, drop unallocated service-CIDR addresses), per-service `service-`/`local-`/`external-`/`firewall-`
 * chains, `numgen random mod N` load balancing, per-endpoint affinity sets and `endpoint-` chains. NodePorts are
 * accepted on the node's primary address (`--nodeport-addresses primary`, the nftables default). As UTF-8 bytes in
 * chunks of whole lines, each valid until the generator resumes; the dispatch maps and endpoint chains of whole IPv4
 * tables are written from the table's numbers and the cached name hashes (no endpoint objects, no strings).
 *
 * @example
 * for (const chunk of nftablesBytes(plan, ['10.96.0.0/12'])) fs.writeSync(fd, chunk);
 */
export function* nftablesBytes(plan: NodePlan, serviceCidrs: readonly string[]): Generator<Uint8Array> {
  const w = new ByteWriter(1 << 16);
  const v6 = plan.family === 6;
  const fam = v6 ? 'ip6' : 'ip';
  const addrType = v6 ? 'ipv6_addr' : 'ipv4_addr';
  const mark = masqueradeMark(plan.config.masqueradeBit);
  const clusterCidr = plan.config.clusterCIDRs.find((c) => c.includes(':') === v6);
  const nodeIps = plan.node.addresses.filter((a) => a.includes(':') === v6).slice(0, 1);
  const cidrs = serviceCidrs.filter((c) => c.includes(':') === v6);

  const serviceIps: string[] = [];
  const nodePorts: string[] = [];
  const noEndpointServices: string[] = [];
  const noEndpointNodePorts: string[] = [];
  const firewallIps: string[] = [];
  const clusterIps = new Set<string>();
  for (const sp of plan.ports) {
    const p = sp.sp;
    const b = base(sp);
    const svcChain = `service-${b}`;
    const localChain = `local-${b}`;
    const extChain = `external-${b}`;
    const fwChain = `firewall-${b}`;
    clusterIps.add(p.clusterIP);
    const key = (ip: string) => `${ip} . ${p.protocol} . ${p.port.port}`;
    if (sp.hasInternalEndpoints) serviceIps.push(`${key(p.clusterIP)} : goto ${sp.internalPolicy === 'local' ? localChain : svcChain}`);
    else noEndpointServices.push(`${key(p.clusterIP)} : ${sp.internalFilter === 'DROP' ? 'drop' : 'goto reject-chain'}`);
    for (const ip of p.externalIPs) {
      if (sp.hasEndpoints) serviceIps.push(`${key(ip)} : goto ${extChain}`);
      if (!sp.hasExternalEndpoints) noEndpointServices.push(`${key(ip)} : ${sp.externalFilter === 'DROP' ? 'drop' : 'goto reject-chain'}`);
    }
    for (const ip of p.loadBalancerIPs) {
      if (sp.hasEndpoints) serviceIps.push(`${key(ip)} : goto ${extChain}`);
      if (sp.usesFirewallChain) firewallIps.push(`${key(ip)} : goto ${fwChain}`);
      if (!sp.hasExternalEndpoints) noEndpointServices.push(`${key(ip)} : ${sp.externalFilter === 'DROP' ? 'drop' : 'goto reject-chain'}`);
    }
    if (p.nodePort !== 0) {
      if (sp.hasEndpoints) nodePorts.push(`${p.protocol} . ${p.nodePort} : goto ${extChain}`);
      if (!sp.hasExternalEndpoints) noEndpointNodePorts.push(`${p.protocol} . ${p.nodePort} : ${sp.externalFilter === 'DROP' ? 'drop' : 'goto reject-chain'}`);
    }
  }
  const elements = (list: readonly string[]) => {
    if (list.length > 0) w.line(`\t\telements = { ${list.join(',\n\t\t\t     ')} }`);
  };

  w.line(`#!/usr/sbin/nft -f`);
  w.line(`# Generated by podnet (kube-proxy nftables mode, node ${plan.node.name})`);
  w.line(`add table ${fam} kube-proxy`);
  w.line(`delete table ${fam} kube-proxy`);
  w.line(`table ${fam} kube-proxy {`);
  w.line('\tcomment "rules for kube-proxy"');
  w.line('');
  w.line('\tset cluster-ips {');
  w.line(`\t\ttype ${addrType}`);
  w.line('\t\tcomment "Active ClusterIPs"');
  elements([...clusterIps]);
  w.line('\t}');
  w.line('\tset nodeport-ips {');
  w.line(`\t\ttype ${addrType}`);
  w.line('\t\tcomment "IPs that accept NodePort traffic"');
  elements(nodeIps);
  w.line('\t}');
  for (const [name, type, comment, list] of [
    ['service-ips', `${addrType} . inet_proto . inet_service : verdict`, 'ClusterIP, ExternalIP and LoadBalancer IP traffic', serviceIps],
    ['service-nodeports', 'inet_proto . inet_service : verdict', 'NodePort traffic', nodePorts],
    ['no-endpoint-services', `${addrType} . inet_proto . inet_service : verdict`, 'vmap to drop or reject packets to services with no endpoints', noEndpointServices],
    ['no-endpoint-nodeports', 'inet_proto . inet_service : verdict', 'vmap to drop or reject packets to service nodeports with no endpoints', noEndpointNodePorts],
    ['firewall-ips', `${addrType} . inet_proto . inet_service : verdict`, 'destinations that are subject to LoadBalancerSourceRanges', firewallIps],
  ] as const) {
    w.line(`\tmap ${name} {`);
    w.line(`\t\ttype ${type}`);
    w.line(`\t\tcomment "${comment}"`);
    elements(list);
    w.line('\t}');
  }
  // Affinity sets.
  for (const sp of plan.ports) {
    const seconds = sp.sp.service.sessionAffinitySeconds;
    if (seconds === null) continue;
    for (const ep of sp.categories.allReachableEndpoints) {
      w.line(`\tset affinity-${nftEndpointChain(sp, ep).slice('endpoint-'.length)} {`);
      w.line(`\t\ttype ${addrType}`);
      w.line('\t\tflags dynamic,timeout');
      w.line(`\t\ttimeout ${seconds}s`);
      w.line('\t}');
    }
  }
  const chain = (name: string, body: readonly string[]) => {
    w.line(`\tchain ${name} {`);
    for (const l of body) w.line(`\t\t${l}`);
    w.line('\t}');
  };
  chain('filter-prerouting', ['type filter hook prerouting priority -110; policy accept;', 'ct state new jump firewall-check']);
  chain('filter-input', ['type filter hook input priority -110; policy accept;', 'ct state new jump nodeport-endpoints-check', 'ct state new jump service-endpoints-check']);
  chain('filter-forward', ['type filter hook forward priority -110; policy accept;', 'ct state new jump service-endpoints-check', 'ct state new jump cluster-ips-check']);
  chain('filter-output', ['type filter hook output priority -110; policy accept;', 'ct state new jump service-endpoints-check', 'ct state new jump firewall-check']);
  chain('filter-output-post-dnat', ['type filter hook output priority -90; policy accept;', 'ct state new jump cluster-ips-check']);
  chain('nat-prerouting', ['type nat hook prerouting priority -100; policy accept;', 'jump services']);
  chain('nat-output', ['type nat hook output priority -100; policy accept;', 'jump services']);
  chain('nat-postrouting', ['type nat hook postrouting priority 100; policy accept;', 'jump masquerading']);
  chain('cluster-ips-check', [
    `${fam} daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"`,
    ...(cidrs.length > 0 ? [`${fam} daddr { ${cidrs.join(', ')} } drop comment "Drop traffic to unallocated ClusterIPs"`] : []),
  ]);
  chain('firewall-check', [`${fam} daddr . meta l4proto . th dport vmap @firewall-ips`]);
  chain('mark-for-masquerade', [`mark set mark or ${mark}`]);
  chain('masquerading', [`mark and ${mark} == 0 return`, `mark set mark xor ${mark}`, 'masquerade fully-random']);
  chain('nodeport-endpoints-check', [`${fam} daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports`]);
  chain('reject-chain', ['comment "helper for @no-endpoint-services / @no-endpoint-nodeports"', 'reject']);
  chain('service-endpoints-check', [`${fam} daddr . meta l4proto . th dport vmap @no-endpoint-services`]);
  chain('services', [`${fam} daddr . meta l4proto . th dport vmap @service-ips`, `${fam} daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports`]);

  for (const sp of plan.ports) {
    const p = sp.sp;
    const b = base(sp);
    const svcChain = `service-${b}`;
    const localChain = `local-${b}`;
    // A service chain: its masquerade rule, the affinity lookups (ClientIP affinity), then the random dispatch.
    const serviceChain = (name: string, masqLines: readonly string[], endpoints: Endpoints) => {
      w.line(`\tchain ${name} {`);
      for (const l of masqLines) w.line(`\t\t${l}`);
      if (p.service.sessionAffinitySeconds !== null) {
        for (const ep of listOf(endpoints)) w.line(`\t\t${fam} saddr @affinity-${nftEndpointChain(sp, ep).slice('endpoint-'.length)} goto ${nftEndpointChain(sp, ep)}`);
      }
      writeDispatch(w, sp, endpoints);
      w.line('\t}');
    };
    const masq = plan.config.masqueradeAll
      ? [`${fam} daddr ${p.clusterIP} ${p.protocol} dport ${p.port.port} jump mark-for-masquerade`]
      : clusterCidr
        ? [`${fam} daddr ${p.clusterIP} ${p.protocol} dport ${p.port.port} ${fam} saddr != ${clusterCidr} jump mark-for-masquerade`]
        : [];
    if (sp.usesClusterChain) serviceChain(svcChain, sp.internalPolicy === 'cluster' ? masq : [], clusterSet(sp));
    if (sp.usesLocalChain) serviceChain(localChain, sp.internalPolicy === 'local' ? masq : [], sp.categories.localEndpoints);
    if (sp.usesExternalChain) {
      const body: string[] = [];
      if (sp.externalPolicy === 'cluster') body.push('jump mark-for-masquerade');
      else {
        if (clusterCidr) body.push(`${fam} saddr ${clusterCidr} goto ${svcChain} comment "short-circuit pod traffic"`);
        body.push('fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"');
        body.push(`fib saddr type local goto ${svcChain} comment "short-circuit local traffic"`);
      }
      if (sp.hasExternalEndpoints) body.push(`goto ${sp.externalPolicy === 'local' ? localChain : svcChain}`);
      chain(`external-${b}`, body);
    }
    if (sp.usesFirewallChain) chain(`firewall-${b}`, [`${fam} saddr != { ${p.loadBalancerSourceRanges.join(', ')} } drop`]);
    writeEndpointChains(w, sp, fam);
    if (w.pos >= CHUNK) yield w.take();
  }
  w.line('}');
  yield w.take();
}

/**
 * The same ruleset as single lines (convenient for tests and small clusters).
 *
 * @example
 * [...nftablesLines(plan, ['10.96.0.0/12'])].join('\n')
 */
export function* nftablesLines(plan: NodePlan, serviceCidrs: readonly string[]): Generator<string> {
  yield* linesOf(nftablesBytes(plan, serviceCidrs));
}
