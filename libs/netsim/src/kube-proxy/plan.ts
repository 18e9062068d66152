import type { ProxyNode } from '../services/types';
import { categorizeEndpoints, externallyAccessible, externalPolicyLocal, internalPolicyLocal, usesClusterEndpoints, usesLocalEndpoints, type EndpointCategories } from './categorize';
import type { KubeProxyConfig } from './config';
import { WholeTableCategories } from './endpoint-table';
import type { ProxyServicePort, ProxyState } from './service-ports';

/** What kube-proxy decides for one service port on one node, before writing any rule (`syncProxyRules`). */
export interface ServicePortPlan {
  readonly sp: ProxyServicePort;
  readonly categories: EndpointCategories;
  readonly hasEndpoints: boolean;
  /** False for internalTrafficPolicy Local without local endpoints (ClusterIP traffic dropped). */
  readonly hasInternalEndpoints: boolean;
  /** False for externalTrafficPolicy Local without local endpoints (external traffic dropped). */
  readonly hasExternalEndpoints: boolean;
  readonly usesClusterChain: boolean;
  readonly usesLocalChain: boolean;
  readonly usesExternalChain: boolean;
  readonly usesFirewallChain: boolean;
  /** Which endpoint set ClusterIP traffic uses. */
  readonly internalPolicy: 'cluster' | 'local';
  /** Which endpoint set external traffic uses. */
  readonly externalPolicy: 'cluster' | 'local';
  /** What the filter table does with traffic that has no endpoint to go to. */
  readonly internalFilter: 'REJECT' | 'DROP' | null;
  readonly externalFilter: 'REJECT' | 'DROP' | null;
}

/** The whole node plan: one entry per service port, plus the totals that switch modes. */
export interface NodePlan {
  readonly family: 4 | 6;
  readonly node: ProxyNode;
  readonly config: KubeProxyConfig;
  readonly ports: readonly ServicePortPlan[];
  readonly totalEndpoints: number;
  /** More than 1000 endpoints: kube-proxy drops per-endpoint comments (`largeClusterEndpointsThreshold`). */
  readonly largeClusterMode: boolean;
}

/**
 * Plans one service port on one node exactly as `syncProxyRules` does before writing rules.
 *
 * @example
 * planServicePort(sp, node, config).internalFilter // => 'REJECT' when the Service has no endpoints
 */
export function planServicePort(sp: ProxyServicePort, node: ProxyNode, config: KubeProxyConfig): ServicePortPlan {
  const categories = categorizeEndpoints(sp, { name: node.name, ...(node.zone ? { zone: node.zone } : {}) }, config.preferSameNodeGate);
  const hasEndpoints = categories.hasAnyEndpoints;
  // Counted from the table when the categories are a whole table (no endpoint objects made).
  const clusterCount = categories instanceof WholeTableCategories ? categories.table.length : categories.clusterEndpoints.length;
  const usesClusterChain = clusterCount > 0 && usesClusterEndpoints(sp);
  const usesLocalChain = categories.localEndpoints.length > 0 && usesLocalEndpoints(sp);
  const internalLocal = internalPolicyLocal(sp);
  const externalLocal = externalPolicyLocal(sp);
  const hasInternalEndpoints = hasEndpoints && (!internalLocal || categories.localEndpoints.length > 0);
  const hasExternalEndpoints = hasEndpoints && (!externalLocal || categories.localEndpoints.length > 0);
  return {
    sp,
    categories,
    hasEndpoints,
    hasInternalEndpoints,
    hasExternalEndpoints,
    usesClusterChain,
    usesLocalChain,
    usesExternalChain: hasEndpoints && externallyAccessible(sp),
    usesFirewallChain: hasEndpoints && sp.loadBalancerIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0,
    internalPolicy: internalLocal ? 'local' : 'cluster',
    externalPolicy: externalLocal ? 'local' : 'cluster',
    internalFilter: !hasEndpoints ? 'REJECT' : !hasInternalEndpoints ? 'DROP' : null,
    externalFilter: !hasEndpoints ? 'REJECT' : !hasExternalEndpoints ? 'DROP' : null,
  };
}

/**
 * Plans every service port for a node.
 *
 * @example
 * planNode(buildProxyState(catalog, 4), node, DEFAULT_KUBE_PROXY_CONFIG).ports.length
 */
export function planNode(state: ProxyState, node: ProxyNode, config: KubeProxyConfig): NodePlan {
  return {
    family: state.family,
    node,
    config,
    ports: state.ports.map((sp) => planServicePort(sp, node, config)),
    totalEndpoints: state.totalEndpoints,
    largeClusterMode: state.largeClusterMode,
  };
}
