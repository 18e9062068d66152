import type { ProxyNode } from '../services/types';
import type { KubeProxyConfig, ProxyMode } from './config';
import { ByteWriter, textOf } from './byte-writer';
import { iptablesSaveBytes, iptablesSaveText } from './iptables/iptables-save';
import { ipvsBytes } from './ipvs/ipvs-ruleset';
import { nftablesLines } from './nftables/nft-ruleset';
import { planNode } from './plan';
import type { ProxyState } from './service-ports';

/** One kube-proxy backend: it turns the node plan into what it programs, as text chunks (whole lines). */
export interface ProxyBackend {
  readonly mode: ProxyMode;
  text(state: ProxyState, node: ProxyNode, config: KubeProxyConfig, serviceCidrs: readonly string[]): Iterable<string>;
}

function* withNewlines(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/** The three backends, one per folder, behind one interface (as `pkg/proxy` is organized). */
export const PROXY_BACKENDS: Readonly<Record<ProxyMode, ProxyBackend>> = {
  iptables: { mode: 'iptables', text: (state, node, config) => iptablesSaveText(planNode(state, node, config)) },
  nftables: { mode: 'nftables', text: (state, node, config, cidrs) => withNewlines(nftablesLines(planNode(state, node, config), cidrs)) },
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
 * {@link kubeProxyRuleset} as UTF-8 bytes, in chunks of whole lines: the iptables and ipvs rulesets are written as
 * bytes from the start (a large one never becomes strings); the nftables form is encoded from its text. Each chunk
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
  const w = new ByteWriter();
  for (const text of kubeProxyRuleset(mode, state, node, config, serviceCidrs)) {
    w.text(text);
    if (w.pos >= 1 << 16) yield w.take();
  }
  if (w.pos > 0) yield w.take();
}
