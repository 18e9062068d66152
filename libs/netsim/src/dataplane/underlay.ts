import type { ClusterModel, SimNode } from '../model/types';
import { findCidr4, ip4Text, type Cidr4 } from '../net/ipv4';
import { type Dataplane, type Step, type Walk } from './dataplane';

const PRIVATE: readonly Cidr4[] = [
  { text: '10.0.0.0/8', base: 0x0a000000, prefix: 8, mask: 0xff000000, size: 2 ** 24 },
  { text: '172.16.0.0/12', base: 0xac100000, prefix: 12, mask: 0xfff00000, size: 2 ** 20 },
  { text: '192.168.0.0/16', base: 0xc0a80000, prefix: 16, mask: 0xffff0000, size: 2 ** 16 },
  { text: '100.64.0.0/10', base: 0x64400000, prefix: 10, mask: 0xffc00000, size: 2 ** 22 },
];

/**
 * Whether the address is private (RFC 1918) or shared (RFC 6598): the internet does not route it.
 *
 * @example
 * isPrivate(ip4('172.20.1.1')) // => true
 */
export function isPrivate(ip: number): boolean {
  return findCidr4(PRIVATE, ip) !== undefined;
}

/**
 * Whether the address is loopback (127.0.0.0/8).
 *
 * @example
 * isLoopback(ip4('127.0.0.1')) // => true
 */
export function isLoopback(ip: number): boolean {
  return ip >>> 24 === 127;
}

/**
 * The router of a node's network (the subnet's `.1`: the VPC router on AWS, the gateway elsewhere).
 *
 * @example
 * routerOf(model, node) // => '10.0.1.1'
 */
export function routerOf(model: ClusterModel, node: SimNode): string {
  const block = node.subnet?.cidr ?? findCidr4(model.nodeNetworks, node.ipNum);
  return block ? ip4Text(block.base + 1) : 'the default gateway';
}

/**
 * Whether the address is on one of the networks nodes live on (a VPC, the node subnets).
 *
 * @example
 * onNodeNetwork(model, ip4('10.0.0.10')) // => true
 */
export function onNodeNetwork(model: ClusterModel, ip: number): boolean {
  return findCidr4(model.nodeNetworks, ip) !== undefined;
}

/**
 * The network between hosts: the VPC on AWS, a routed node network elsewhere. An on-link next hop is reached
 * directly; otherwise the router looks the (outer) destination up: a node address, an address on an ENI
 * (VPC), a node's podCIDR when the underlay routes them (`network.underlayRoutesPodCIDRs`, bridge clusters),
 * the internet for public addresses. Everything else is a drop that says why.
 *
 * @example
 * crossUnderlay(walk, dataplane, { kind: 'wire', from: nodeA, dev: 'eth0', nextHop: null }) // => { kind: 'host', node: nodeB, ... }
 */
export function crossUnderlay(w: Walk, dp: Dataplane, step: Extract<Step, { kind: 'wire' }>): Step {
  const model = w.model;
  const aws = model.design.network.provider === 'aws';
  const fabric = aws ? 'vpc' : 'underlay';
  const target = w.encap ? w.encap.outerDst : w.pkt.dst;
  const ip = ip4Text(target);
  const from = step.from ? step.from.name : 'the outside host';
  const arrive = (node: SimNode, dev: string, detail: string): Step => {
    w.hop(fabric, dev, 'forward', detail);
    return { kind: 'host', node, inDev: dp.arrive(w, node, dev) };
  };

  if (step.nextHop) return arrive(step.nextHop, 'eth0', `${from} -> ${step.nextHop.name} (${step.nextHop.ip}): on-link next hop on the node network`);

  if (aws && model.ipam.kind === 'aws-vpc-cni') {
    const eni = model.ipam.eniOf(target);
    if (eni) return arrive(eni.node, `eth${eni.deviceIndex}`, `VPC route table: local; ${ip} is an address of ENI eth${eni.deviceIndex} of ${eni.node.name} (subnet ${eni.subnet.name})`);
  }
  const node = model.nodeByIp.get(target);
  if (node) return arrive(node, 'eth0', `${aws ? 'VPC route table: local; ' : ''}${ip} is ${node.name}'s address`);

  if (model.ipam.kind === 'bridge' && findCidr4(model.ipam.clusterCidrs, target)) {
    const owner = model.ipam.ownerOf(target);
    if (!model.design.network.underlayRoutesPodCIDRs) {
      w.hop(fabric, 'router', 'drop', `no route to ${ip}: the underlay does not route podCIDRs (network.underlayRoutesPodCIDRs is false)`);
      return { kind: 'end', verdict: 'no-route', reason: `the underlay has no route to ${owner ? `${owner.node.name}'s podCIDR ${owner.range}` : ip} (network.underlayRoutesPodCIDRs is false: nothing routes pod addresses between nodes)` };
    }
    if (owner) return arrive(owner.node, 'eth0', `underlay route ${owner.range} via ${owner.node.ip} (${owner.node.name}'s podCIDR)`);
    w.hop(fabric, 'router', 'drop', `no node has a podCIDR holding ${ip}`);
    return { kind: 'end', verdict: 'no-route', reason: `no node's podCIDR holds ${ip}, so the underlay has no route for it` };
  }
  if (model.ipam.kind === 'docker-bridge' && findCidr4(model.podRanges, target)) {
    w.hop(fabric, 'router', 'drop', `no route to ${ip}: ${model.ipam.cidr.text} is each host's private docker0 subnet`);
    return { kind: 'end', verdict: 'no-route', reason: `the network has no route to ${ip}: Docker bridge addresses exist only inside each host (${model.ipam.cidr.text} on every docker0); reach a container through a published hostIP:hostPort` };
  }
  if (findCidr4(model.podRanges, target) && model.ipam.kind !== 'aws-vpc-cni') {
    w.hop(fabric, 'router', 'drop', `no route to ${ip}: ${model.cni} pod addresses are routed by the nodes, not by the underlay`);
    return { kind: 'end', verdict: 'no-route', reason: `the underlay has no route to ${ip}: only the nodes know ${model.cni} pod routes` };
  }
  if (aws && findCidr4(model.vpcCidrs, target)) {
    w.hop(fabric, 'router', 'drop', `${ip} is in the VPC but on no ENI`);
    return { kind: 'end', verdict: 'dropped', reason: `address ${ip} is not on any ENI in the VPC: nothing receives it` };
  }
  if (!aws && onNodeNetwork(model, target)) {
    w.hop(fabric, 'eth0', 'arp', `who-has ${ip}: no answer on the node network`);
    return { kind: 'end', verdict: 'dropped', reason: `no ARP answer for ${ip} on the node network: no host has that address` };
  }
  const service = findCidr4(model.serviceCidrs, target);
  if (service) {
    w.hop(fabric, 'router', 'drop', `${ip} is a Service address (${service.text}): only kube-proxy on a node translates it, nothing routes it`);
    return { kind: 'end', verdict: 'no-route', reason: `${ip} is in the service CIDR ${service.text} and no service stage (kube-proxy) translated it, so nothing routes it` };
  }
  if (isPrivate(target)) {
    w.hop(fabric, 'router', 'drop', `no route to ${ip}`);
    return { kind: 'end', verdict: 'no-route', reason: `no route to ${ip}: a private address outside the cluster's networks` };
  }
  return { kind: 'internet', from: step.from };
}
