import { masqueradeMark } from '../config';
import { chainHashes, TableEndpoint } from '../endpoint-table';
import type { NodePlan, ServicePortPlan } from '../plan';
import type { ProxyEndpoint, ProxyServicePort } from '../service-ports';
import { ByteWriter, cachedPiece, ipv4Length, linesOf, OCTET_DIGITS, OCTET_DOT, pieceOf, put, putIPv4, putOctetBytes, textOf, type Piece } from '../byte-writer';
import { clusterSet, listOf, reachableSet, wholeTable, type Endpoints } from '../endpoint-sets';
import { utf8 as pieceBytes } from '../endpoint-table';

/** Bytes per chunk (a chunk ends after the service port that reaches it). */
const CHUNK = 1 << 20;

const probabilities: string[] = [];

/** `fmt.Sprintf("%0.10f", 1.0/n)`, the statistic-match probability kube-proxy writes for n endpoints left. */
export function probability(n: number): string {
  let p = probabilities[n];
  if (p === undefined) {
    p = (1 / n).toFixed(10);
    probabilities[n] = p;
  }
  return p;
}

const probabilityJumps: string[] = [];

/** `probability(n)` followed by ` -j `: one piece per rule in large rulesets. */
function probabilityJump(n: number): string {
  let p = probabilityJumps[n];
  if (p === undefined) {
    p = `${probability(n)} -j `;
    probabilityJumps[n] = p;
  }
  return p;
}

const probabilitySepJumps: Piece[] = [];

/** `probability(n)` followed by ` -j KUBE-SEP-`, as a piece: the middle of each rule of a large KUBE-SVC chain. */
function probabilitySepJump(n: number): Piece {
  let p = probabilitySepJumps[n];
  if (p === undefined) {
    p = pieceOf(`${probabilityJump(n)}KUBE-SEP-`);
    probabilitySepJumps[n] = p;
  }
  return p;
}

function svc(plan: ServicePortPlan): string {
  return `KUBE-SVC-${plan.sp.hash}`;
}
function svl(plan: ServicePortPlan): string {
  return `KUBE-SVL-${plan.sp.hash}`;
}
function ext(plan: ServicePortPlan): string {
  return `KUBE-EXT-${plan.sp.hash}`;
}
function fw(plan: ServicePortPlan): string {
  return `KUBE-FW-${plan.sp.hash}`;
}
function clusterChain(plan: ServicePortPlan): string {
  return svc(plan);
}
function internalChain(plan: ServicePortPlan): string {
  return plan.internalPolicy === 'local' ? svl(plan) : svc(plan);
}
function externalPolicyChain(plan: ServicePortPlan): string {
  return plan.externalPolicy === 'local' ? svl(plan) : svc(plan);
}

/** How kube-proxy matches "from a pod" (`detectLocalMode: ClusterCIDR`), or null when it cannot tell. */
function localDetector(plan: NodePlan): { ifLocal: string; ifNotLocal: string } | null {
  const cidr = plan.config.clusterCIDRs.find((c) => c.includes(':') === (plan.family === 6));
  return cidr ? { ifLocal: `-s ${cidr}`, ifNotLocal: `! -s ${cidr}` } : null;
}

function endpointRules(plan: NodePlan, sp: ServicePortPlan, chain: string, endpoints: readonly ProxyEndpoint[]): string {
  const name = sp.sp.name;
  const large = plan.largeClusterMode;
  const affinity = sp.sp.service.sessionAffinitySeconds;
  // Pieces joined once per chain: no intermediate string per rule.
  const parts: (string | number)[] = [];
  if (affinity !== null) {
    for (const ep of endpoints) {
      parts.push('-A ', chain);
      if (!large) parts.push(' -m comment --comment "', name, ' -> ', ep.endpoint, '"');
      parts.push(' -m recent --name ', ep.chain, ' --rcheck --seconds ', affinity, ' --reap -j ', ep.chain, '\n');
    }
  }
  const n = endpoints.length;
  // Pieces kept few per rule (2.5 million rules in a large cluster): the constant head of the rule is one piece.
  const statistic = `-A ${chain} -m statistic --mode random --probability `;
  for (let i = 0; i < n; i += 1) {
    const ep = endpoints[i]!;
    if (large) {
      if (i < n - 1) parts.push(statistic, probabilityJump(n - i), ep.chain, '\n');
      else parts.push('-A ', chain, ' -j ', ep.chain, '\n');
      continue;
    }
    parts.push('-A ', chain, ' -m comment --comment "', name, ' -> ', ep.endpoint, '"');
    if (i < n - 1) parts.push(' -m statistic --mode random --probability ', probability(n - i));
    parts.push(' -j ', ep.chain, '\n');
  }
  return parts.join('');
}

/** The KUBE-SEP chains' two rules of each endpoint (hairpin masquerade, DNAT), joined once. */
function sepRules(plan: NodePlan, p: ProxyServicePort, endpoints: readonly ProxyEndpoint[]): string {
  const comment = plan.largeClusterMode ? '' : ` -m comment --comment ${p.name}`;
  const affinity = p.service.sessionAffinitySeconds !== null;
  const dnat = ` -m ${p.protocol} -p ${p.protocol} -j DNAT --to-destination `;
  const parts: string[] = [];
  if (comment === '' && !affinity) {
    // Large rulesets: the fewest pieces per endpoint (no empty comment pieces).
    for (const ep of endpoints) {
      const chain = ep.chain;
      parts.push('-A ', chain, ' -s ', ep.ip, ' -j KUBE-MARK-MASQ\n-A ', chain, dnat, ep.endpoint, '\n');
    }
    return parts.join('');
  }
  for (const ep of endpoints) {
    parts.push('-A ', ep.chain, comment, ' -s ', ep.ip, ' -j KUBE-MARK-MASQ\n-A ', ep.chain, comment);
    if (affinity) parts.push(' -m recent --name ', ep.chain, ' --set');
    parts.push(dnat, ep.endpoint, '\n');
  }
  return parts.join('');
}

const DECLARE_SEP = pieceOf(':KUBE-SEP-');
const DECLARED = pieceOf(' - [0:0]\n');
const RULE_SEP = pieceOf('-A KUBE-SEP-');
const SOURCE = pieceOf(' -s ');
const MASQ_NEXT_SEP = pieceOf(' -j KUBE-MARK-MASQ\n-A KUBE-SEP-');
const SEP_PREFIX = pieceOf('KUBE-SEP-');

/** Writes an endpoint's chain name: from its table's hash words when it has one, else its name as text. */
function writeChain(w: ByteWriter, ep: ProxyEndpoint): void {
  if (ep instanceof TableEndpoint) {
    w.piece(SEP_PREFIX);
    w.quad(chainHashes(ep.table), ep.index * 4);
  } else w.text(ep.chain);
}

/** The 16 hash characters of endpoint `index` of a table (4 word stores); returns the position after them. */
function putHash(view: DataView, pos: number, hashes: Int32Array, index: number): number {
  const at = index * 4;
  view.setInt32(pos, hashes[at]!, true);
  view.setInt32(pos + 4, hashes[at + 1]!, true);
  view.setInt32(pos + 8, hashes[at + 2]!, true);
  view.setInt32(pos + 12, hashes[at + 3]!, true);
  return pos + 16;
}

/** Copies the `size` bytes at `start` so that `count` copies stand end to end (doubling native copies). */
function fillCopies(buf: Uint8Array, start: number, size: number, count: number): void {
  let done = 1;
  while (done < count) {
    const copies = Math.min(done, count - done);
    buf.copyWithin(start + done * size, start, start + copies * size);
    done += copies;
  }
}

const PROBABILITY_WORDS: Int32Array[] = [];

/** `probability(k)` (12 characters for k >= 2) as 3 little-endian words, kept. */
function probabilityWords(k: number): Int32Array {
  const words = pieceOf(probability(k)).words;
  PROBABILITY_WORDS[k] = words;
  return words;
}

/** The two KUBE-SEP rules of an endpoint for one protocol and port, per address length, hash and address blank. */
interface SepTemplates {
  readonly lines: Uint8Array[];
  readonly dnatLength: number;
}
const sepTemplateCache = new Map<string, SepTemplates>();

function sepTemplates(protocol: string, port: number): SepTemplates {
  const key = `${protocol}:${port}`;
  let t = sepTemplateCache.get(key);
  if (t === undefined) {
    const dnat = ` -m ${protocol} -p ${protocol} -j DNAT --to-destination `;
    const lines: Uint8Array[] = [];
    for (let length = 7; length <= 15; length += 1) {
      const ip = '0'.repeat(length);
      const hash = '0'.repeat(16);
      lines[length] = pieceBytes(`-A KUBE-SEP-${hash} -s ${ip} -j KUBE-MARK-MASQ\n-A KUBE-SEP-${hash}${dnat}${ip}:${port}\n`);
    }
    t = { lines, dnatLength: dnat.length };
    if (sepTemplateCache.size < 1024) sepTemplateCache.set(key, t);
  }
  return t;
}

/**
 * {@link putIPv4} without writing past the address, for patching a template: the first two octets as words (what
 * they write past themselves is overwritten by the rest, at least `0.0`), the last two byte by byte.
 */
function putIPv4Exact(buf: Uint8Array, view: DataView, pos: number, v: number): void {
  const a = v >>> 24;
  const b = (v >>> 16) & 255;
  view.setInt32(pos, OCTET_DOT[a]!, true);
  pos += OCTET_DIGITS[a]! + 1;
  view.setInt32(pos, OCTET_DOT[b]!, true);
  pos += OCTET_DIGITS[b]! + 1;
  pos = putOctetBytes(buf, pos, (v >>> 8) & 255);
  buf[pos] = 0x2e;
  putOctetBytes(buf, pos + 1, v & 255);
}

/** The KUBE-SEP chain declarations, one line per endpoint, written from the hash words. */
function writeSepDeclarations(w: ByteWriter, endpoints: Endpoints): void {
  const whole = wholeTable(endpoints);
  if (whole) {
    // Every line is `:KUBE-SEP-` + 16 hash characters + ` - [0:0]`: the first line written, copied to every
    // line in doubling blocks (native copies), then each line's hash stored (4 word stores per line).
    const hashes = chainHashes(whole);
    const n = whole.length;
    if (n === 0) return;
    const size = DECLARE_SEP.length + 16 + DECLARED.length;
    w.room(size * n);
    const buf = w.buf;
    const view = w.view;
    const start = w.pos;
    let pos = put(view, start, DECLARE_SEP);
    pos = putHash(view, pos, hashes, 0);
    put(view, pos, DECLARED);
    fillCopies(buf, start, size, n);
    for (let i = 1; i < n; i += 1) putHash(view, start + i * size + DECLARE_SEP.length, hashes, i);
    w.pos = start + size * n;
    return;
  }
  for (const ep of listOf(endpoints)) {
    if (!(ep instanceof TableEndpoint)) {
      w.text(`:${ep.chain} - [0:0]\n`);
      continue;
    }
    w.room(40);
    const view = w.view;
    let pos = put(view, w.pos, DECLARE_SEP);
    pos = putHash(view, pos, chainHashes(ep.table), ep.index);
    w.pos = put(view, pos, DECLARED);
  }
}

/** A KUBE-SVC/KUBE-SVL chain's endpoint rules. */
function writeEndpointRules(w: ByteWriter, plan: NodePlan, sp: ServicePortPlan, chain: string, endpoints: Endpoints): void {
  if (!plan.largeClusterMode || sp.sp.service.sessionAffinitySeconds !== null) {
    w.text(endpointRules(plan, sp, chain, listOf(endpoints)));
    return;
  }
  // Large rulesets (no comments, no affinity): head, probability with ` -j KUBE-SEP-`, chain hash.
  const head = cachedPiece(`-A ${chain} -m statistic --mode random --probability `);
  const line = head.words.length * 4 + 48;
  const whole = wholeTable(endpoints);
  if (whole) {
    // Every rule but the last is the head, a 12-character probability (`0.` and 10 digits: 1/k for k >= 2),
    // ` -j KUBE-SEP-` and 16 hash characters: the first rule written, copied to every rule in doubling blocks,
    // then each rule's probability and hash stored.
    const n = whole.length;
    const hashes = chainHashes(whole);
    if (n > 1) {
      const first = probabilitySepJump(n);
      const size = head.length + first.length + 17;
      w.room(size * (n - 1));
      const buf = w.buf;
      const view = w.view;
      const start = w.pos;
      let pos = put(view, start, head);
      pos = put(view, pos, first);
      pos = putHash(view, pos, hashes, 0);
      buf[pos] = 10;
      fillCopies(buf, start, size, n - 1);
      for (let i = 1; i < n - 1; i += 1) {
        const at = start + i * size + head.length;
        const probability = PROBABILITY_WORDS[n - i] ?? probabilityWords(n - i);
        view.setInt32(at, probability[0]!, true);
        view.setInt32(at + 4, probability[1]!, true);
        view.setInt32(at + 8, probability[2]!, true);
        putHash(view, at + first.length, hashes, i);
      }
      w.pos = start + size * (n - 1);
    }
    if (n > 0) {
      w.text(`-A ${chain} -j `);
      w.piece(SEP_PREFIX);
      w.quad(hashes, (n - 1) * 4);
      w.byte(10);
    }
    return;
  }
  const list = listOf(endpoints);
  const n = list.length;
  for (let i = 0; i < n - 1; i += 1) {
    const ep = list[i]!;
    if (ep instanceof TableEndpoint) {
      const jump = probabilitySepJump(n - i);
      w.room(line);
      const view = w.view;
      let pos = put(view, w.pos, head);
      pos = put(view, pos, jump);
      pos = putHash(view, pos, chainHashes(ep.table), ep.index);
      w.buf[pos] = 10;
      w.pos = pos + 1;
    } else {
      w.piece(head);
      w.text(`${probabilityJump(n - i)}${ep.chain}\n`);
    }
  }
  if (n > 0) {
    w.text(`-A ${chain} -j `);
    writeChain(w, list[n - 1]!);
    w.byte(10);
  }
}

/** The KUBE-SEP chains' two rules of each endpoint (hairpin masquerade, DNAT). */
function writeSepRules(w: ByteWriter, plan: NodePlan, p: ProxyServicePort, endpoints: Endpoints): void {
  if (!plan.largeClusterMode || p.service.sessionAffinitySeconds !== null) {
    w.text(sepRules(plan, p, listOf(endpoints)));
    return;
  }
  // Large rulesets: `-A <sep> -s <ip> -j KUBE-MARK-MASQ` and `-A <sep> -m <proto> -p <proto> -j DNAT
  // --to-destination <ip:port>`, the chain name written twice from the hash words and the IPv4 address twice from
  // its number.
  const dnat = cachedPiece(` -m ${p.protocol} -p ${p.protocol} -j DNAT --to-destination `);
  const line = dnat.words.length * 4 + 160;
  const whole = wholeTable(endpoints);
  if (whole && whole.dottedQuads) {
    // The two rules of an endpoint differ from the next one's only in the hash and the address: per address length
    // (7 to 15 characters), a template of both rules is copied natively, then the hash and address stored twice.
    const hashes = chainHashes(whole);
    const ipv4 = whole.ipv4;
    const ports = whole.ports;
    let port = -1;
    let templates: SepTemplates | null = null;
    for (let i = 0; i < whole.length; i += 1) {
      if (ports[i] !== port || templates === null) {
        port = ports[i]!;
        templates = sepTemplates(p.protocol, port);
      }
      const ip = ipv4[i]!;
      const length = ipv4Length(ip);
      const template = templates.lines[length]!;
      w.room(template.length);
      const buf = w.buf;
      const view = w.view;
      const start = w.pos;
      buf.set(template, start);
      putHash(view, start + RULE_SEP.length, hashes, i);
      putIPv4Exact(buf, view, start + RULE_SEP.length + 16 + SOURCE.length, ip);
      const second = start + RULE_SEP.length + 16 + SOURCE.length + length + MASQ_NEXT_SEP.length;
      putHash(view, second, hashes, i);
      putIPv4Exact(buf, view, second + 16 + templates.dnatLength, ip);
      w.pos = start + template.length;
    }
    return;
  }
  let port = -1;
  let portTail = DECLARED;
  for (const ep of listOf(endpoints)) {
    if (!(ep instanceof TableEndpoint) || !ep.table.dottedQuads) {
      w.text(`-A ${ep.chain} -s ${ep.ip} -j KUBE-MARK-MASQ\n-A ${ep.chain}`);
      w.piece(dnat);
      w.text(`${ep.endpoint}\n`);
      continue;
    }
    const table = ep.table;
    const i = ep.index;
    const hashes = chainHashes(table);
    if (table.ports[i] !== port) {
      port = table.ports[i]!;
      portTail = cachedPiece(`:${port}\n`);
    }
    const ip = table.ipv4[i]!;
    w.room(line);
    const view = w.view;
    let pos = put(view, w.pos, RULE_SEP);
    pos = putHash(view, pos, hashes, i);
    pos = put(view, pos, SOURCE);
    pos = putIPv4(view, pos, ip);
    pos = put(view, pos, MASQ_NEXT_SEP);
    pos = putHash(view, pos, hashes, i);
    pos = put(view, pos, dnat);
    pos = putIPv4(view, pos, ip);
    w.pos = put(view, pos, portTail);
  }
}

/** The chain declarations of one service port's own chains (EXT, FW, SVC, SVL, SEP...). */
function writeServicePortDeclarations(w: ByteWriter, sp: ServicePortPlan): void {
  const h = sp.sp.hash;
  if (sp.usesExternalChain) w.text(`:KUBE-EXT-${h} - [0:0]\n`);
  if (sp.usesFirewallChain) w.text(`:KUBE-FW-${h} - [0:0]\n`);
  if (sp.usesClusterChain) w.text(`:KUBE-SVC-${h} - [0:0]\n`);
  if (sp.usesLocalChain) w.text(`:KUBE-SVL-${h} - [0:0]\n`);
  writeSepDeclarations(w, reachableSet(sp));
}

/** The nat-table rules of one service port's own chains, in chain order (EXT, FW, SVC, SVL, SEP...). */
function writeServicePortNatRules(w: ByteWriter, plan: NodePlan, sp: ServicePortPlan): void {
  const p = sp.sp;
  const name = p.name;
  const proto = p.protocol;
  const detector = localDetector(plan);
  const clusterIpMatch = `-m comment --comment "${name} cluster IP" -m ${proto} -p ${proto} -d ${p.clusterIP} --dport ${p.port.port}`;
  let out = '';
  if (sp.usesExternalChain) {
    if (sp.externalPolicy === 'cluster') {
      out += `-A ${ext(sp)} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ\n`;
    } else {
      if (detector) out += `-A ${ext(sp)} -m comment --comment "pod traffic for ${name} external destinations" ${detector.ifLocal} -j ${clusterChain(sp)}\n`;
      out += `-A ${ext(sp)} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ\n`;
      out += `-A ${ext(sp)} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${clusterChain(sp)}\n`;
    }
    if (sp.hasExternalEndpoints) out += `-A ${ext(sp)} -j ${externalPolicyChain(sp)}\n`;
  }
  if (sp.usesFirewallChain) {
    const head = `-A ${fw(sp)} -m comment --comment "${name} loadbalancer IP"`;
    let allowFromNode = false;
    const nodeIp = plan.node.addresses.find((a) => a.includes(':') === (plan.family === 6));
    for (const src of p.loadBalancerSourceRanges) {
      out += `${head} -s ${src} -j ${ext(sp)}\n`;
      if (nodeIp && cidrHas(src, nodeIp)) allowFromNode = true;
    }
    if (allowFromNode) for (const lbip of p.loadBalancerIPs) out += `${head} -s ${lbip} -j ${ext(sp)}\n`;
    out += `-A ${fw(sp)} -m comment --comment "other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL"\n`;
  }
  const masq = (chain: string): string => {
    if (!sp.hasInternalEndpoints || chain !== internalChain(sp)) return '';
    if (plan.config.masqueradeAll) return `-A ${chain} ${clusterIpMatch} -j KUBE-MARK-MASQ\n`;
    if (detector) return `-A ${chain} ${clusterIpMatch} ${detector.ifNotLocal} -j KUBE-MARK-MASQ\n`;
    return '';
  };
  if (sp.usesClusterChain) {
    w.text(out + masq(svc(sp)));
    out = '';
    writeEndpointRules(w, plan, sp, svc(sp), clusterSet(sp));
  }
  if (sp.usesLocalChain) {
    w.text(out + masq(svl(sp)));
    out = '';
    writeEndpointRules(w, plan, sp, svl(sp), sp.categories.localEndpoints);
  }
  w.text(out);
  writeSepRules(w, plan, p, reachableSet(sp));
}

function cidrHas(cidr: string, ip: string): boolean {
  const [base, prefixText] = cidr.split('/');
  if (!base || prefixText === undefined || base.includes(':') || ip.includes(':')) return false;
  const toInt = (s: string) => s.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(toInt(base) / size) * size;
  const v = toInt(ip);
  return v >= start && v < start + size;
}

/**
 * The ruleset kube-proxy's iptables mode programs on a node, as `iptables-save` lists it: the `*filter` and `*nat`
 * tables with the built-in chains' jumps into kube-proxy's chains (as kube-proxy and kubelet install them), every
 * kube-proxy chain declared, and the rules grouped by chain. Rule arguments are in the order kube-proxy writes them
 * to iptables-restore (`pkg/proxy/iptables/proxier.go`), so the output loads with `iptables-restore` into an empty
 * namespace.
 *
 * Written as UTF-8 bytes, in chunks of whole lines of about 1 MB: a large ruleset (743 MB for 2.5 million endpoints)
 * never becomes JavaScript strings. Each chunk is a view of one reused buffer, valid until the generator is resumed:
 * write or copy it before asking for the next. Every node's text is written afresh from the per-cluster state, the
 * KUBE-SEP chain hashes included (computed once per cluster, kept as bytes).
 *
 * @example
 * for (const chunk of iptablesSaveBytes(planNode(state, node, config))) fs.writeSync(fd, chunk);
 */
export function* iptablesSaveBytes(plan: NodePlan): Generator<Uint8Array> {
  const w = new ByteWriter(1 << 16);
  const mark = masqueradeMark(plan.config.masqueradeBit);
  const v6 = plan.family === 6;
  const tool = v6 ? 'ip6tables-save' : 'iptables-save';
  w.text(`# Generated by podnet (kube-proxy iptables mode, node ${plan.node.name}); loadable with ${v6 ? 'ip6tables-restore' : 'iptables-restore'}, same layout as ${tool}\n`);

  // ---- filter ----
  const fServices: string[] = [];
  const fExternal: string[] = [];
  const fNodePorts: string[] = [];
  const fFirewall: string[] = [];
  for (const sp of plan.ports) {
    const p = sp.sp;
    const name = p.name;
    const proto = p.protocol;
    const dport = `--dport ${p.port.port}`;
    if (!sp.hasInternalEndpoints && sp.internalFilter) {
      const c = sp.internalFilter === 'REJECT' ? `"${name} has no endpoints"` : `"${name} has no local endpoints"`;
      fServices.push(`-A KUBE-SERVICES -m comment --comment ${c} -m ${proto} -p ${proto} -d ${p.clusterIP} ${dport} -j ${sp.internalFilter}`);
    }
    const extComment = sp.externalFilter === 'REJECT' ? `"${name} has no endpoints"` : `"${name} has no local endpoints"`;
    for (const ip of p.externalIPs) {
      if (!sp.hasExternalEndpoints && sp.externalFilter) fExternal.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${sp.externalFilter}`);
    }
    for (const ip of p.loadBalancerIPs) {
      if (sp.usesFirewallChain) fFirewall.push(`-A KUBE-PROXY-FIREWALL -m comment --comment "${name} traffic not accepted by KUBE-FW-${p.hash}" -m ${proto} -p ${proto} -d ${ip} ${dport} -j DROP`);
    }
    if (!sp.hasExternalEndpoints && sp.externalFilter) {
      for (const ip of p.loadBalancerIPs) fExternal.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${sp.externalFilter}`);
      if (p.nodePort !== 0) fExternal.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} -m addrtype --dst-type LOCAL -m ${proto} -p ${proto} --dport ${p.nodePort} -j ${sp.externalFilter}`);
    }
    if (p.healthCheckNodePort !== 0) fNodePorts.push(`-A KUBE-NODEPORTS -m comment --comment "${name} health check node port" -m tcp -p tcp --dport ${p.healthCheckNodePort} -j ACCEPT`);
  }
  w.text('*filter\n');
  w.text(':INPUT ACCEPT [0:0]\n');
  w.text(':FORWARD ACCEPT [0:0]\n');
  w.text(':OUTPUT ACCEPT [0:0]\n');
  for (const c of ['KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-CANARY', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES']) w.text(`:${c} - [0:0]\n`);
  w.text('-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n');
  w.text('-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS\n');
  w.text('-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n');
  w.text('-A INPUT -j KUBE-FIREWALL\n');
  w.text('-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n');
  w.text('-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD\n');
  w.text('-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
  w.text('-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n');
  w.text('-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n');
  w.text('-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
  w.text('-A OUTPUT -j KUBE-FIREWALL\n');
  w.lines(fExternal);
  if (!v6 && plan.config.localhostNodePorts) {
    w.text('-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n');
  }
  w.text('-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n');
  w.text(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT\n`);
  w.text('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n');
  w.lines(fNodePorts);
  w.lines(fFirewall);
  w.lines(fServices);
  w.text('COMMIT\n');

  // ---- nat ----
  const nServices: string[] = [];
  const nNodePorts: string[] = [];
  for (const sp of plan.ports) {
    const p = sp.sp;
    const name = p.name;
    const proto = p.protocol;
    const dport = `--dport ${p.port.port}`;
    if (sp.hasInternalEndpoints) nServices.push(`-A KUBE-SERVICES -m comment --comment "${name} cluster IP" -m ${proto} -p ${proto} -d ${p.clusterIP} ${dport} -j ${internalChain(sp)}`);
    if (sp.hasEndpoints) {
      for (const ip of p.externalIPs) nServices.push(`-A KUBE-SERVICES -m comment --comment "${name} external IP" -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${ext(sp)}`);
      for (const ip of p.loadBalancerIPs) nServices.push(`-A KUBE-SERVICES -m comment --comment "${name} loadbalancer IP" -m ${proto} -p ${proto} -d ${ip} ${dport} -j ${sp.usesFirewallChain ? fw(sp) : ext(sp)}`);
      if (p.nodePort !== 0) nNodePorts.push(`-A KUBE-NODEPORTS -m comment --comment ${name} -m ${proto} -p ${proto} --dport ${p.nodePort} -j ${ext(sp)}`);
    }
  }
  const npAll = plan.config.nodePortAddresses.length === 0;
  if (npAll) {
    const extra = v6 ? ' ! -d ::1/128' : plan.config.localhostNodePorts ? '' : ' ! -d 127.0.0.0/8';
    nServices.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL${extra} -j KUBE-NODEPORTS`);
  } else {
    for (const ip of plan.node.addresses.filter((a) => a.includes(':') === v6 && plan.config.nodePortAddresses.some((c) => c === 'primary' || cidrHas(c, a)))) {
      nServices.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d ${ip} -j KUBE-NODEPORTS`);
    }
  }
  w.text('*nat\n');
  w.text(':PREROUTING ACCEPT [0:0]\n');
  w.text(':INPUT ACCEPT [0:0]\n');
  w.text(':OUTPUT ACCEPT [0:0]\n');
  w.text(':POSTROUTING ACCEPT [0:0]\n');
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-PROXY-CANARY']) w.text(`:${c} - [0:0]\n`);
  // Per-service chains: every declaration precedes every rule (two passes; chunks of ~64 KB).
  for (const sp of plan.ports) {
    writeServicePortDeclarations(w, sp);
    if (w.pos >= CHUNK) yield w.take();
  }
  w.text('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
  w.text('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
  w.text('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n');
  w.lines(nServices);
  w.lines(nNodePorts);
  w.text(`-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN\n`);
  w.text(`-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}\n`);
  w.text(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${plan.config.randomFully ? ' --random-fully' : ''}\n`);
  w.text(`-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}\n`);
  for (const sp of plan.ports) {
    writeServicePortNatRules(w, plan, sp);
    if (w.pos >= CHUNK) yield w.take();
  }
  w.text('COMMIT\n');
  w.text(`# Completed by podnet\n`);
  yield w.take();
}

/**
 * The same ruleset as text: chunks of whole lines, each ending in a newline (large rulesets do not fit one string;
 * prefer {@link iptablesSaveBytes} to write them out).
 *
 * @example
 * [...iptablesSaveText(planNode(state, node, config))].join('')
 */
export function* iptablesSaveText(plan: NodePlan): Generator<string> {
  yield* textOf(iptablesSaveBytes(plan));
}

/**
 * The same ruleset as single lines (convenient for tests and small clusters).
 *
 * @example
 * [...iptablesSaveLines(plan)].includes('*nat') // => true
 */
export function* iptablesSaveLines(plan: NodePlan): Generator<string> {
  yield* linesOf(iptablesSaveBytes(plan));
}
