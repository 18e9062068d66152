import { ByteWriter, cachedPiece, linesOf, pieceOf, put, putIPv4, type Piece } from '../byte-writer';
import { masqueradeMark } from '../config';
import { clusterSet, listOf, reachableSet, wholeTable, type Endpoints } from '../endpoint-sets';
import type { NodePlan, ServicePortPlan } from '../plan';

/** Bytes per chunk (a chunk ends after the lines that reach it). */
const CHUNK = 1 << 20;
const LOOP_BACK_COMMENT = 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose';
const ADD_LOOP_BACK = pieceOf('add KUBE-LOOP-BACK ');
const LOOP_BACK_TAIL = pieceOf(` comment "${LOOP_BACK_COMMENT}"\n`);

/** One IPVS virtual server: its `-A` line, and its real servers (`-a ... -r ip:port -m -w 1`). */
interface VirtualServer {
  readonly head: string;
  /** `-a -t VIP:port -r `. */
  readonly prefix: string;
  readonly endpoints: Endpoints;
}

/** The real servers of a virtual server; from the table's numbers (no endpoint objects) when it is a whole IPv4 table. */
function writeRealServers(w: ByteWriter, vs: VirtualServer): void {
  const table = wholeTable(vs.endpoints);
  if (table && table.dottedQuads) {
    const prefix = cachedPiece(vs.prefix);
    let lastPort = -1;
    let tail: Piece = prefix;
    for (let i = 0; i < table.length; i += 1) {
      const port = table.ports[i]!;
      if (port !== lastPort) {
        lastPort = port;
        tail = cachedPiece(`:${port} -m -w 1\n`);
      }
      w.room(prefix.length + 15 + tail.length + 8);
      const view = w.view;
      let pos = put(view, w.pos, prefix);
      pos = putIPv4(view, pos, table.ipv4[i]!);
      w.pos = put(view, pos, tail);
    }
    return;
  }
  for (const ep of listOf(vs.endpoints)) w.text(`${vs.prefix}${ep.endpoint} -m -w 1\n`);
}

/** The KUBE-LOOP-BACK entries (`ip,proto:port,ip`) of a service port's reachable endpoints. */
function writeLoopBack(w: ByteWriter, sp: ServicePortPlan): void {
  const protocol = sp.sp.protocol;
  const endpoints = reachableSet(sp);
  const table = wholeTable(endpoints);
  if (table && table.dottedQuads) {
    let lastPort = -1;
    let middle: Piece = ADD_LOOP_BACK;
    for (let i = 0; i < table.length; i += 1) {
      const port = table.ports[i]!;
      if (port !== lastPort) {
        lastPort = port;
        middle = cachedPiece(`,${protocol}:${port},`);
      }
      w.room(ADD_LOOP_BACK.length + 30 + middle.length + LOOP_BACK_TAIL.length + 8);
      const view = w.view;
      const v = table.ipv4[i]!;
      let pos = put(view, w.pos, ADD_LOOP_BACK);
      pos = putIPv4(view, pos, v);
      pos = put(view, pos, middle);
      pos = putIPv4(view, pos, v);
      w.pos = put(view, pos, LOOP_BACK_TAIL);
    }
    return;
  }
  for (const ep of listOf(endpoints)) w.text(`add KUBE-LOOP-BACK ${ep.ip},${protocol}:${ep.port},${ep.ip} comment "${LOOP_BACK_COMMENT}"\n`);
}

/**
 * What kube-proxy's IPVS mode programs on a node (`pkg/proxy/ipvs/proxier.go`; deprecated since v1.35): the
 * `kube-ipvs0` dummy interface holding every ClusterIP/external/LB address, one IPVS virtual server per VIP:port
 * with the endpoints as real servers (weight 1, scheduler from the config, `-p` for ClientIP affinity), the ipsets
 * it matches on, and its iptables rules. Printed as the commands that recreate it (`ip`, `ipset restore`,
 * `ipvsadm -R`, `iptables-restore`).
 *
 * @example
 * for (const chunk of ipvsBytes(plan)) fs.writeSync(fd, chunk);
 */
export function* ipvsBytes(plan: NodePlan): Generator<Uint8Array> {
  const w = new ByteWriter(1 << 16);
  const v6 = plan.family === 6;
  const mark = masqueradeMark(plan.config.masqueradeBit);
  const clusterCidr = plan.config.clusterCIDRs.find((c) => c.includes(':') === v6);
  const nodeIps = plan.node.addresses.filter((a) => a.includes(':') === v6);
  const flag = (p: string) => (p === 'tcp' ? '-t' : p === 'udp' ? '-u' : '--sctp-service');
  const fmt = (ip: string, port: number) => (v6 ? `[${ip}]:${port}` : `${ip}:${port}`);

  const vips = new Set<string>();
  const clusterIpSet: string[] = [];
  const nodePortSets: Record<string, string[]> = { tcp: [], udp: [], sctp: [] };
  const nodePortLocal: Record<string, string[]> = { tcp: [], udp: [], sctp: [] };
  const externalIp: string[] = [];
  const externalLocal: string[] = [];
  const lb: string[] = [];
  const lbLocal: string[] = [];
  const lbFw: string[] = [];
  const lbSrc: string[] = [];
  const servers: VirtualServer[] = [];
  const vs = (addr: string, proto: string, endpoints: Endpoints, affinity: number | null) => {
    servers.push({ head: `-A ${flag(proto)} ${addr} -s ${plan.config.ipvsScheduler}${affinity !== null ? ` -p ${affinity}` : ''}`, prefix: `-a ${flag(proto)} ${addr} -r `, endpoints });
  };
  const NONE: Endpoints = [];
  for (const sp of plan.ports) {
    const p = sp.sp;
    const affinity = p.service.sessionAffinitySeconds;
    vips.add(p.clusterIP);
    clusterIpSet.push(`${p.clusterIP},${p.protocol}:${p.port.port}`);
    const internal = sp.hasInternalEndpoints ? (sp.internalPolicy === 'local' ? sp.categories.localEndpoints : clusterSet(sp)) : NONE;
    vs(fmt(p.clusterIP, p.port.port), p.protocol, internal, affinity);
    const external = sp.hasExternalEndpoints ? (sp.externalPolicy === 'local' ? sp.categories.localEndpoints : clusterSet(sp)) : NONE;
    for (const ip of p.externalIPs) {
      vips.add(ip);
      externalIp.push(`${ip},${p.protocol}:${p.port.port}`);
      if (sp.externalPolicy === 'local') externalLocal.push(`${ip},${p.protocol}:${p.port.port}`);
      vs(fmt(ip, p.port.port), p.protocol, external, affinity);
    }
    for (const ip of p.loadBalancerIPs) {
      vips.add(ip);
      lb.push(`${ip},${p.protocol}:${p.port.port}`);
      if (sp.externalPolicy === 'local') lbLocal.push(`${ip},${p.protocol}:${p.port.port}`);
      if (p.loadBalancerSourceRanges.length > 0) {
        lbFw.push(`${ip},${p.protocol}:${p.port.port}`);
        for (const src of p.loadBalancerSourceRanges) lbSrc.push(`${ip},${p.protocol}:${p.port.port},${src}`);
      }
      vs(fmt(ip, p.port.port), p.protocol, external, affinity);
    }
    if (p.nodePort !== 0) {
      nodePortSets[p.protocol]!.push(String(p.nodePort));
      if (sp.externalPolicy === 'local') nodePortLocal[p.protocol]!.push(String(p.nodePort));
      for (const ip of nodeIps) vs(fmt(ip, p.nodePort), p.protocol, external, affinity);
    }
  }
  w.line(`# Generated by podnet (kube-proxy ipvs mode, node ${plan.node.name})`);
  w.line('# --- kube-ipvs0: every service address is local to the node');
  w.line('ip link add kube-ipvs0 type dummy');
  for (const ip of vips) w.line(`ip addr add ${ip}/${v6 ? 128 : 32} dev kube-ipvs0`);
  w.line('# --- ipset restore');
  const hashFamily = v6 ? 'inet6' : 'inet';
  const create = (name: string, type: string) => w.line(`create ${name} ${type} family ${hashFamily} hashsize 1024 maxelem 65536 comment`);
  const set = (name: string, type: string, comment: string, entries: readonly string[]) => {
    create(name, type);
    for (const e of entries) w.line(`add ${name} ${e} comment "${comment}"`);
  };
  set('KUBE-CLUSTER-IP', 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose', clusterIpSet);
  create('KUBE-LOOP-BACK', 'hash:ip,port,ip');
  for (const sp of plan.ports) {
    writeLoopBack(w, sp);
    if (w.pos >= CHUNK) yield w.take();
  }
  set('KUBE-EXTERNAL-IP', 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose', externalIp);
  set('KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local', externalLocal);
  set('KUBE-LOAD-BALANCER', 'hash:ip,port', 'Kubernetes service lb portal', lb);
  set('KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local', lbLocal);
  set('KUBE-LOAD-BALANCER-FW', 'hash:ip,port', 'Kubernetes service load balancer ip + port for load balancer with sourceRange', lbFw);
  set('KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net', 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose', lbSrc);
  for (const proto of ['tcp', 'udp', 'sctp'] as const) {
    w.line(`create KUBE-NODE-PORT-${proto.toUpperCase()} bitmap:port range 0-65535 comment`);
    for (const port of nodePortSets[proto]!) w.line(`add KUBE-NODE-PORT-${proto.toUpperCase()} ${port} comment "Kubernetes nodeport ${proto.toUpperCase()} port for masquerade purpose"`);
    w.line(`create KUBE-NODE-PORT-LOCAL-${proto.toUpperCase()} bitmap:port range 0-65535 comment`);
    for (const port of nodePortLocal[proto]!) w.line(`add KUBE-NODE-PORT-LOCAL-${proto.toUpperCase()} ${port} comment "Kubernetes nodeport ${proto.toUpperCase()} port with externalTrafficPolicy=local"`);
  }
  w.line('# --- ipvsadm -R');
  for (const server of servers) {
    w.line(server.head);
    writeRealServers(w, server);
    if (w.pos >= CHUNK) yield w.take();
  }
  w.line('# --- iptables-restore');
  w.line('*nat');
  w.line(':PREROUTING ACCEPT [0:0]');
  w.line(':INPUT ACCEPT [0:0]');
  w.line(':OUTPUT ACCEPT [0:0]');
  w.line(':POSTROUTING ACCEPT [0:0]');
  for (const c of ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ']) w.line(`:${c} - [0:0]`);
  w.line('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  w.line('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  w.line('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
  if (clusterCidr) w.line(`-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s ${clusterCidr} -j KUBE-MARK-MASQ`);
  if (lb.length > 0) w.line('-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER');
  if (externalIp.length > 0) w.line('-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ');
  w.line('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT');
  w.line('-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT');
  for (const proto of ['TCP', 'UDP', 'SCTP']) {
    if (nodePortLocal[proto.toLowerCase()]!.length > 0) w.line(`-A KUBE-NODE-PORT -p ${proto.toLowerCase()} -m comment --comment "Kubernetes nodeport ${proto} port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-${proto} dst -j RETURN`);
    if (nodePortSets[proto.toLowerCase()]!.length > 0) w.line(`-A KUBE-NODE-PORT -p ${proto.toLowerCase()} -m comment --comment "Kubernetes nodeport ${proto} port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-${proto} dst -j KUBE-MARK-MASQ`);
  }
  if (lb.length > 0) w.line('-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ');
  w.line(`-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE`);
  w.line(`-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`);
  w.line(`-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`);
  w.line(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${plan.config.randomFully ? ' --random-fully' : ''}`);
  w.line(`-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`);
  w.line('COMMIT');
  yield w.take();
}

/**
 * The same as single lines (convenient for tests and small clusters).
 *
 * @example
 * [...ipvsLines(plan)].filter((l) => l.startsWith('-A -t')).length // => number of virtual servers
 */
export function* ipvsLines(plan: NodePlan): Generator<string> {
  yield* linesOf(ipvsBytes(plan));
}
