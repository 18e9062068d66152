import type { ProxyNode } from '../services/types';
import type { KubeProxyConfig, ProxyMode } from './config';
import { iptablesSaveLines } from './iptables/iptables-save';
import { ipvsLines } from './ipvs/ipvs-ruleset';
import { nftablesLines } from './nftables/nft-ruleset';
import { planNode } from './plan';
import type { ProxyState } from './service-ports';

/** One kube-proxy backend: it turns the node plan into what it programs, as text lines. */
export interface ProxyBackend {
  readonly mode: ProxyMode;
  lines(state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<string>;
}

/** The three backends, one per folder, behind one interface (as `pkg/proxy` is organized). */
export const PROXY_BACKENDS: Readonly<Record<ProxyMode, ProxyBackend>> = {
  iptables: { mode: 'iptables', lines: (state, node, config) => iptablesSaveLines(planNode(state, node, config)) },
  nftables: { mode: 'nftables', lines: (state, node, config, cidrs) => nftablesLines(planNode(state, node, config), cidrs) },
  ipvs: { mode: 'ipvs', lines: (state, node, config) => ipvsLines(planNode(state, node, config)) },
};

/**
 * What kube-proxy in `mode` programs on `node`, as lines.
 *
 * @example
 * [...kubeProxyRuleset('iptables', state, node, config, ['10.96.0.0/12'])].join('\n')
 */
export function kubeProxyRuleset(mode: ProxyMode, state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<string> {
  return PROXY_BACKENDS[mode].lines(state, node, config, serviceCidrs);
}
