import type { ProxyNode } from '../services/types';
import type { KubeProxyConfig, ProxyMode } from './config';
import { textOf } from './byte-writer';
import { iptablesSaveBytes, iptablesSaveText } from './iptables/iptables-save';
import { ipvsBytes } from './ipvs/ipvs-ruleset';
import { nftablesBytes } from './nftables/nft-ruleset';
import { planNode } from './plan';
import type { ProxyState } from './service-ports';

/** One kube-proxy backend: it turns the node plan into what it programs, as text chunks (whole lines). */
export interface ProxyBackend {
  readonly mode: ProxyMode;
  text(state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<string>;
}

/** The three backends, one per folder, behind one interface (as `pkg/proxy` is organized). */
export const PROXY_BACKENDS: Readonly<Record<ProxyMode, ProxyBackend>> = {
  iptables: { mode: 'iptables', text: (state, node, config) => iptablesSaveText(planNode(state, node, config)) },
  nftables: { mode: 'nftables', text: (state, node, config, cidrs) => textOf(nftablesBytes(planNode(state, node, config), cidrs)) },
  ipvs: { mode: 'ipvs', text: (state, node, config) => textOf(ipvsBytes(planNode(state, node, config))) },
};

/**
 * What kube-proxy in `mode` programs on `node`, as text chunks of whole lines (each ends with a newline).
 *
 * @example
 * [...kubeProxyRuleset('iptables', state, node, config, ['10.96.0.0/12'])].join('')
 */
export function kubeProxyRuleset(mode: ProxyMode, state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<string> {
  return PROXY_BACKENDS[mode].text(state, node, config, serviceCidrs);
}

/**
 * {@link kubeProxyRuleset} as UTF-8 bytes, in chunks of whole lines: every backend writes bytes from the start (a
 * large ruleset never becomes strings). Each chunk
 * is valid until the generator resumes (see {@link iptablesSaveBytes}).
 *
 * @example
 * for (const chunk of kubeProxyRulesetBytes('iptables', state, node, config, cidrs)) process.stdout.write(chunk);
 */
export function* kubeProxyRulesetBytes(mode: ProxyMode, state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Generator<Uint8Array> {
  if (mode === 'iptables') {
    yield* iptablesSaveBytes(planNode(state, node, config));
    return;
  }
  if (mode === 'ipvs') {
    yield* ipvsBytes(planNode(state, node, config));
    return;
  }
  yield* nftablesBytes(planNode(state, node, config), serviceCidrs);
}
