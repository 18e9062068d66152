import type { ClusterModel, SimPod, TraceProtocol } from '../../model/types';
import { TraceInputError } from '../../model/errors';
import { findCidr4, ip4, ip4Text } from '../../net/ipv4';
import type { ServiceStage, StageHop, TraceSource, TraceTarget } from './types';

const EXTERNAL_INTERNET = ip4('203.0.113.10');

/**
 * The host `external` stands for without an address: the last usable address of the first node network
 * (the VPC's first block on AWS), i.e. a machine next to the nodes but outside the cluster.
 *
 * @example
 * defaultExternalIp(model) // => 167837694 (10.0.255.254)
 */
export function defaultExternalIp(model: ClusterModel): number {
  const block = model.nodeNetworks[0];
  return block ? block.base + block.size - 2 : EXTERNAL_INTERNET;
}

/**
 * Parses SRC: `ns/pod`, `ns/pod/container`, `node/NAME`, `external`, `external:IP`.
 *
 * @example
 * parseSource(model, 'node/node-1').kind // => 'node'
 */
export function parseSource(model: ClusterModel, text: string): TraceSource {
  const trimmed = text.trim();
  if (trimmed === 'external') return { kind: 'external', ip: defaultExternalIp(model) };
  if (trimmed.startsWith('external:')) {
    const ip = ip4(trimmed.slice('external:'.length));
    if (ip < 0) throw new TraceInputError('--from', text, 'external:IP needs an IPv4 address');
    return { kind: 'external', ip };
  }
  const parts = trimmed.split('/');
  if (parts[0] === 'node' && parts.length === 2) {
    const node = model.nodeByName.get(parts[1]!);
    if (!node) throw new TraceInputError('--from', text, `no node ${parts[1]} (nodes: ${listSome(model.nodes.map((n) => n.name))})`);
    return { kind: 'node', node };
  }
  if (parts.length === 2 || parts.length === 3) {
    const pod = findPod(model, parts.length === 2 ? trimmed : `${parts[0]}/${parts[1]}`, '--from');
    const container = parts[2] ?? null;
    if (container !== null && !pod.containers.includes(container)) {
      throw new TraceInputError('--from', text, `pod ${pod.key} has no container ${container} (containers: ${pod.containers.join(', ')})`);
    }
    return { kind: 'pod', pod, container };
  }
  throw new TraceInputError('--from', text, 'expected ns/pod[/container], node/NAME or external[:IP]');
}

/** What DST resolved to: a target, or a name that does not resolve. */
export type ParsedTarget =
  | { readonly kind: 'target'; readonly target: TraceTarget; readonly hops: readonly StageHop[] }
  | { readonly kind: 'unresolved'; readonly label: string; readonly reason: string; readonly hops: readonly StageHop[] };

/**
 * Parses DST: `ns/pod`, `node/NAME` or an IPv4 address, optionally `:port` (a number, or a container port
 * name of the pod) and `/proto` (tcp, udp, sctp; default TCP). Without a port the probe is ICMP echo. Other
 * targets (`ns/svc`, DNS names) are offered to the service stage's `resolve`.
 *
 * @example
 * parseTarget(model, 'default/web:8080', source).kind // => 'target'
 */
export function parseTarget(model: ClusterModel, text: string, source: TraceSource, service?: ServiceStage): ParsedTarget {
  const trimmed = text.trim();
  // http(s)://host[:port]/path is offered whole to the service stage (Ingress / Gateway routing), TCP 80 or 443.
  const url = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([/?][^#]*)?$/i.exec(trimmed);
  const m = url ? [trimmed, trimmed, url[3] ?? (url[1]!.toLowerCase() === 'https' ? '443' : '80'), undefined] : /^([^:]+?)(?::([A-Za-z0-9-]+))?(?:\/(tcp|udp|sctp))?$/i.exec(trimmed);
  if (!m) throw new TraceInputError('--to', text, 'expected ns/pod, node/NAME or an IP, with an optional :port[/proto]');
  const name = m[1]!;
  const portText = m[2];
  const protocol: TraceProtocol = portText === undefined ? 'ICMP' : ((m[3]?.toUpperCase() ?? 'TCP') as TraceProtocol);
  if (portText === undefined && m[3] !== undefined) throw new TraceInputError('--to', text, 'a protocol needs a port (ns/pod:8080/udp)');

  const directIp = ip4(name);
  let pod: SimPod | null = null;
  let ip = directIp;
  let node = directIp >= 0 ? (model.nodeByIp.get(directIp) ?? null) : null;
  const parts = name.split('/');
  if (directIp < 0 && parts[0] === 'node' && parts.length === 2) {
    node = model.nodeByName.get(parts[1]!) ?? null;
    if (!node) throw new TraceInputError('--to', text, `no node ${parts[1]}`);
    ip = node.ipNum;
  } else if (directIp < 0 && parts.length === 2 && model.podByKey.has(name)) {
    pod = model.podByKey.get(name)!;
    ip = pod.ipNum;
    node = pod.hostNetwork ? pod.node : null;
  } else if (directIp < 0) {
    const resolved = service?.resolve?.(name, { model, source });
    if (resolved && 'unresolved' in resolved) return { kind: 'unresolved', label: trimmed, reason: resolved.unresolved, hops: resolved.hops ?? [] };
    if (resolved) {
      const rip = ip4(resolved.ip);
      if (rip < 0) throw new TraceInputError('--to', text, `the service stage answered ${resolved.ip}, not an IPv4 address`);
      const port = resolved.port !== undefined ? resolved.port : portText === undefined ? null : numericPort(text, portText);
      return {
        kind: 'target',
        target: { ip: rip, port, protocol: resolved.protocol ?? (port === null ? 'ICMP' : protocol), label: resolved.label ?? trimmed, pod: model.podByIp.get(rip) ?? null, node: model.nodeByIp.get(rip) ?? null },
        hops: resolved.hops ?? [],
      };
    }
    if (parts.length === 2) throw new TraceInputError('--to', text, `no pod ${name} in the inputs${service ? ' and the service stage does not know it' : ''}`);
    return { kind: 'unresolved', label: trimmed, reason: `${name} does not resolve: podnet resolves names only with a DNS stage (none is plugged in)`, hops: [] };
  }
  let port: number | null = null;
  if (portText !== undefined) {
    if (/^\d+$/.test(portText)) port = numericPort(text, portText);
    else {
      const named = pod?.ports.find((p) => p.name === portText);
      if (!named) throw new TraceInputError('--to', text, pod ? `pod ${pod.key} declares no port named ${portText}` : 'a named port needs a pod destination');
      port = named.port;
    }
  }
  return { kind: 'target', target: { ip, port, protocol, label: trimmed, pod, node }, hops: [] };
}

function numericPort(text: string, portText: string): number {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TraceInputError('--to', text, 'the port must be 1-65535');
  return port;
}

function findPod(model: ClusterModel, key: string, field: string): SimPod {
  const pod = model.podByKey.get(key);
  if (!pod) throw new TraceInputError(field, key, `no pod ${key} in the inputs`);
  return pod;
}

function listSome(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')}, ...` : names.join(', ') || 'none';
}

/**
 * A source's address as the packet starts with it.
 *
 * @example
 * sourceIp({ kind: 'external', ip: 3405803786 }) // => 3405803786
 */
export function sourceIp(source: TraceSource): number {
  switch (source.kind) {
    case 'pod':
      return source.pod.ipNum;
    case 'node':
      return source.node.ipNum;
    case 'external':
      return source.ip;
  }
}

/**
 * Whether the external host sits on the node network (a VPC, a node subnet), else on the internet.
 *
 * @example
 * externalOnNodeNetwork(model, ip4('203.0.113.10')) // => false
 */
export function externalOnNodeNetwork(model: ClusterModel, ip: number): boolean {
  return findCidr4(model.nodeNetworks, ip) !== undefined;
}

/**
 * An address with its port, as hops show it.
 *
 * @example
 * endpointText(ip4('10.0.0.1'), 80) // => '10.0.0.1:80'
 */
export function endpointText(ip: number, port: number | null): string {
  return port === null ? ip4Text(ip) : `${ip4Text(ip)}:${port}`;
}
