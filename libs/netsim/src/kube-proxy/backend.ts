import type { ProxyNode } from '../services/types';
import type { KubeProxyConfig, ProxyMode } from './config';
import { textOf } from './byte-writer';
import { iptablesSaveBytes } from './iptables/iptables-save';
import { ipvsBytes } from './ipvs/ipvs-ruleset';
import { nftablesBytes } from './nftables/nft-ruleset';
import { planNode } from './plan';
import type { ProxyState } from './service-ports';

/** One kube-proxy backend: it turns the node plan into what it programs, as UTF-8 bytes in chunks of whole lines. */
export interface ProxyBackend {
  readonly mode: ProxyMode;
  bytes(state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<Uint8Array>;
}

/** The three backends, one per folder, behind one interface (as `pkg/proxy` is organized). */
export const PROXY_BACKENDS: Readonly<Record<ProxyMode, ProxyBackend>> = {
  iptables: { mode: 'iptables', bytes: (state, node, config) => iptablesSaveBytes(planNode(state, node, config)) },
  nftables: { mode: 'nftables', bytes: (state, node, config, cidrs) => nftablesBytes(planNode(state, node, config), cidrs) },
  ipvs: { mode: 'ipvs', bytes: (state, node, config) => ipvsBytes(planNode(state, node, config)) },
};

/**
 * What kube-proxy in `mode` programs on `node`, as text chunks of whole lines (each ends with a newline).
 *
 * @example
 * [...kubeProxyRuleset('iptables', state, node, config, ['10.96.0.0/12'])].join('')
 */
export function kubeProxyRuleset(mode: ProxyMode, state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<string> {
  return textOf(kubeProxyRulesetBytes(mode, state, node, config, serviceCidrs));
}

/**
 * {@link kubeProxyRuleset} as UTF-8 bytes, in chunks of whole lines: every backend writes bytes from the start (a
 * large ruleset never becomes strings). Each chunk is valid until the generator resumes (see {@link iptablesSaveBytes}).
 *
 * @example
 * for (const chunk of kubeProxyRulesetBytes('iptables', state, node, config, cidrs)) process.stdout.write(chunk);
 */
export function kubeProxyRulesetBytes(mode: ProxyMode, state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<Uint8Array> {
  return PROXY_BACKENDS[mode].bytes(state, node, config, serviceCidrs);
}
