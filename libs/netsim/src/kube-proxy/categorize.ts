import { tableOf, WholeTableCategories } from './endpoint-table';
import type { ProxyEndpoint, ProxyServicePort } from './service-ports';

/** A node as topology filtering sees it. */
export interface TopologyNode {
  readonly name: string;
  readonly zone?: string;
}

/** `CategorizeEndpoints`' result for one service port on one node. */
export interface EndpointCategories {
  /** Endpoints for Cluster traffic policy (after topology filtering / terminating fallback). */
  readonly clusterEndpoints: readonly ProxyEndpoint[];
  /** Endpoints on this node for Local traffic policy. */
  readonly localEndpoints: readonly ProxyEndpoint[];
  /** Union of the two: every endpoint chain the node needs. */
  readonly allReachableEndpoints: readonly ProxyEndpoint[];
  /** Any ready, or serving-and-terminating, endpoint anywhere. */
  readonly hasAnyEndpoints: boolean;
  /** `PreferSameNode`, `PreferSameZone` or '' (no topology filtering). */
  readonly topologyMode: '' | 'PreferSameNode' | 'PreferSameZone';
  /** True when the cluster or local set fell back to serving-and-terminating endpoints. */
  readonly usedTerminating: boolean;
}

/** `ExternallyAccessible`: a NodePort, a load-balancer VIP or an external IP. */
export function externallyAccessible(sp: ProxyServicePort): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerIPs.length > 0 || sp.externalIPs.length > 0;
}

/** `ExternalPolicyLocal`: externalTrafficPolicy Local on an externally accessible port. */
export function externalPolicyLocal(sp: ProxyServicePort): boolean {
  return externallyAccessible(sp) && sp.service.externalTrafficPolicy === 'Local';
}

/** `InternalPolicyLocal`. */
export function internalPolicyLocal(sp: ProxyServicePort): boolean {
  return sp.service.internalTrafficPolicy === 'Local';
}

/** `UsesClusterEndpoints`: iTP Cluster, or externally accessible (eTP Local still short-circuits pod traffic). */
export function usesClusterEndpoints(sp: ProxyServicePort): boolean {
  return !internalPolicyLocal(sp) || externallyAccessible(sp);
}

/** `UsesLocalEndpoints`. */
export function usesLocalEndpoints(sp: ProxyServicePort): boolean {
  return internalPolicyLocal(sp) || externalPolicyLocal(sp);
}

function topologyMode(endpoints: readonly ProxyEndpoint[], node: TopologyNode, preferSameNodeGate: boolean): EndpointCategories['topologyMode'] {
  let hasForNode = false;
  let allNodeHints = true;
  let hasForZone = false;
  let allZoneHints = true;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    if (ep.zoneHints.length === 0) allZoneHints = false;
    else if (node.zone !== undefined && ep.zoneHints.includes(node.zone)) hasForZone = true;
    if (ep.nodeHints.length === 0) allNodeHints = false;
    else if (ep.nodeHints.includes(node.name)) hasForNode = true;
  }
  if (preferSameNodeGate && allNodeHints && hasForNode) return 'PreferSameNode';
  if (allZoneHints && hasForZone) return 'PreferSameZone';
  return '';
}

/**
 * kube-proxy's `CategorizeEndpoints` (`pkg/proxy/topology.go`): cluster endpoints are the ready ones that pass
 * topology filtering (hints are all-or-nothing: every ready endpoint must carry one and one must be for this
 * node/zone), falling back to serving-and-terminating endpoints when none is ready; local endpoints are this node's
 * ready ones, else its serving-and-terminating ones; `hasAnyEndpoints` when anything ready or serving-terminating
 * exists anywhere.
 *
 * @example
 * categorizeEndpoints(sp, { name: 'node-a', zone: 'us-east-1a' }).clusterEndpoints.length
 */
export function categorizeEndpoints(sp: ProxyServicePort, node: TopologyNode, preferSameNodeGate = true): EndpointCategories {
  const usesCluster = usesClusterEndpoints(sp);
  if (usesCluster && !sp.hasHints && !usesLocalEndpoints(sp)) {
    // The usual case, every endpoint ready: all of them, without making endpoint objects (see WholeTableCategories).
    const table = tableOf(sp);
    if (table && table.allReady && table.length > 0) return new WholeTableCategories(sp, table);
  }
  const endpoints = sp.endpoints;
  let clusterEndpoints: readonly ProxyEndpoint[] = [];
  let localEndpoints: ProxyEndpoint[] = [];
  let hasAnyEndpoints = false;
  let mode: EndpointCategories['topologyMode'] = '';
  let usedTerminating = false;
  if (usesCluster) {
    mode = sp.hasHints ? topologyMode(endpoints, node, preferSameNodeGate) : '';
    if (mode === '') clusterEndpoints = sp.readyEndpoints;
    else {
      clusterEndpoints = endpoints.filter((ep) => {
        if (!ep.ready) return false;
        if (mode === 'PreferSameNode') return ep.nodeHints.includes(node.name);
        return node.zone !== undefined && ep.zoneHints.includes(node.zone);
      });
    }
    if (clusterEndpoints.length === 0) {
      clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
      if (clusterEndpoints.length > 0) usedTerminating = true;
    }
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(sp)) {
    return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasAnyEndpoints, topologyMode: mode, usedTerminating };
  }
  let localReady = false;
  let localServingTerminating = false;
  for (const ep of endpoints) {
    const local = ep.nodeName === node.name;
    if (ep.ready) {
      hasAnyEndpoints = true;
      if (local) localReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAnyEndpoints = true;
      if (local) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = endpoints.filter((ep) => ep.nodeName === node.name && ep.ready);
  else if (localServingTerminating) {
    usedTerminating = true;
    localEndpoints = endpoints.filter((ep) => ep.nodeName === node.name && ep.serving && ep.terminating);
  }
  if (!usesCluster) return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints, topologyMode: mode, usedTerminating };
  const merged = new Map<string, ProxyEndpoint>();
  for (const ep of clusterEndpoints) merged.set(ep.endpoint, ep);
  for (const ep of localEndpoints) merged.set(ep.endpoint, ep);
  const all = [...merged.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
  return { clusterEndpoints, localEndpoints, allReachableEndpoints: all, hasAnyEndpoints, topologyMode: mode, usedTerminating };
}
