import type { ClusterModel, SimNode, SimPod, SimPort, TraceProtocol } from '../../model/types';
import { ip4 } from '../../net/ipv4';

/** A socket that answers on a node's host network namespace. */
export interface NodeListener {
  readonly what: string;
  /** The hostNetwork pod that listens, or null for a node agent. */
  readonly pod: SimPod | null;
}

interface Agent {
  readonly port: number;
  readonly what: string;
  readonly loopbackOnly: boolean;
  readonly cni?: string;
}

/**
 * Node agents podnet knows listen on every node (Kubernetes "Ports and Protocols": kubelet 10250; kube-proxy
 * healthz 10256; loopback-only kubelet healthz 10248 and kube-proxy metrics 10249; Calico BIRD 179 with BGP;
 * aws-node metrics 61678). Docker hosts run none of them.
 */
const AGENTS: readonly Agent[] = [
  { port: 10250, what: 'kubelet API', loopbackOnly: false },
  { port: 10256, what: 'kube-proxy healthz', loopbackOnly: false },
  { port: 10248, what: 'kubelet healthz', loopbackOnly: true },
  { port: 10249, what: 'kube-proxy metrics', loopbackOnly: true },
  { port: 179, what: 'BIRD (Calico BGP)', loopbackOnly: false, cni: 'calico' },
  { port: 61678, what: 'aws-node metrics', loopbackOnly: false, cni: 'aws-vpc-cni' },
];

/**
 * What answers `port/protocol` on a node: a hostNetwork pod declaring the port, else a node agent, else null.
 * hostNetwork pods that declare no ports are not assumed to listen anywhere (they would shadow every port).
 *
 * @example
 * nodeListener(model, node, 10250, 'TCP', false)?.what // => 'kubelet API'
 */
export function nodeListener(model: ClusterModel, node: SimNode, port: number, protocol: TraceProtocol, loopback: boolean): NodeListener | null {
  for (const { pod, port: p } of portsOf(node).hostNetwork) {
    if (p.port === port && p.protocol === protocol) return { what: `${pod.key} (container ${p.container}, hostNetwork)`, pod };
  }
  if (protocol !== 'TCP' || model.cni === 'docker-bridge') return null;
  const bgp = model.design.cni.calico?.bgp.enabled ?? true;
  const agent = AGENTS.find((a) => a.port === port && (loopback || !a.loopbackOnly) && (a.cni === undefined || (a.cni === model.cni && (a.cni !== 'calico' || bgp))));
  return agent ? { what: agent.what, pod: null } : null;
}

/**
 * A `hostPort` mapping on the node for the destination (CNI portmap's CNI-HOSTPORT-DNAT, Docker's DOCKER
 * chain): the pod and its container port, or null. A mapping with a `hostIP` only matches that address.
 *
 * @example
 * hostPortMapping(node, ip4('10.0.1.10'), 8080, 'TCP')?.port.port // => 80
 */
export function hostPortMapping(node: SimNode, dst: number, port: number, protocol: TraceProtocol): { pod: SimPod; port: SimPort } | null {
  for (const m of portsOf(node).hostPorts) {
    const p = m.port;
    if (p.hostPort !== port || p.protocol !== protocol) continue;
    if (p.hostIP && p.hostIP !== '0.0.0.0' && ip4(p.hostIP) !== dst) continue;
    return m;
  }
  return null;
}

interface NodePorts {
  readonly hostNetwork: { pod: SimPod; port: SimPort }[];
  readonly hostPorts: { pod: SimPod; port: SimPort }[];
}

const nodePorts = new WeakMap<SimNode, NodePorts>();

/** The node's hostNetwork listeners and hostPort mappings, indexed on first use (the model does not change). */
function portsOf(node: SimNode): NodePorts {
  let ports = nodePorts.get(node);
  if (!ports) {
    ports = { hostNetwork: [], hostPorts: [] };
    for (const pod of node.pods) {
      if (pod.phase !== 'Running') continue;
      for (const port of pod.ports) {
        if (pod.hostNetwork) ports.hostNetwork.push({ pod, port });
        else if (port.hostPort !== null && pod.ipNum >= 0) ports.hostPorts.push({ pod, port });
      }
    }
    nodePorts.set(node, ports);
  }
  return ports;
}

/**
 * Which container of a pod listens on `port/protocol`: its declared port, `assumed` when the pod declares no
 * ports at all (podnet then assumes the port is open; see the README), or null (closed).
 *
 * @example
 * podListener(pod, 8080, 'TCP') // => { container: 'web', assumed: false }
 */
export function podListener(pod: SimPod, port: number, protocol: TraceProtocol): { container: string | null; assumed: boolean } | null {
  if (pod.ports.length === 0) return { container: null, assumed: true };
  const p = pod.ports.find((x) => x.port === port && x.protocol === protocol);
  return p ? { container: p.container, assumed: false } : null;
}
