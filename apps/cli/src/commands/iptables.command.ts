import { assertNoServiceConflicts, buildClusterModel, buildProxyState, kubeProxyConfigFromInventory, kubeProxyRuleset, kubeProxyRulesetBytes, modelServiceCatalog, type ProxyMode } from '@podnet/netsim';
import type { CommandModule } from './command';
import { UsageError } from '../support/errors';
import { collect, loadFiles } from '../support/inputs';

interface IptablesFlags {
  file: string[];
  node: string;
  mode?: string;
  ipFamily?: string;
}

const MODES: readonly ProxyMode[] = ['iptables', 'nftables', 'ipvs'];
const CHUNK = 1 << 16;

export const iptablesCommand: CommandModule = {
  register(program, io) {
    program
      .command('iptables')
      .description('the rules kube-proxy programs on a node: iptables-save form (or nft -f, or the ipvs commands)')
      .requiredOption('-f, --file <file>', 'ClusterDesign or Kubernetes manifests (repeatable, - for stdin)', collect)
      .requiredOption('--node <name>', 'the node (a Node manifest, a design node, or a node-group node as `podnet trace` names it)')
      .option('--mode <mode>', 'iptables, nftables or ipvs (default: the design\'s kubeProxyMode, or the kube-proxy ConfigMap, else iptables)')
      .option('--ip-family <family>', '4 or 6 (default: the family of the node\'s first address)')
      .action(async (opts: IptablesFlags) => {
        if (opts.mode !== undefined && !MODES.includes(opts.mode as ProxyMode)) throw new UsageError(`--mode must be iptables, nftables or ipvs (got ${JSON.stringify(opts.mode)})`);
        if (opts.ipFamily !== undefined && opts.ipFamily !== '4' && opts.ipFamily !== '6') throw new UsageError(`--ip-family must be 4 or 6 (got ${JSON.stringify(opts.ipFamily)})`);
        const inventory = loadFiles(io, opts.file);
        // Nodes and pod addresses come from the simulation model (node groups, IPAM for pods without status.podIP).
        const model = buildClusterModel(inventory);
        const catalog = modelServiceCatalog(model, inventory);
        assertNoServiceConflicts(catalog, inventory);
        const node = catalog.nodes.find((n) => n.name === opts.node);
        if (!node) {
          const known = catalog.nodes.map((n) => n.name);
          throw new UsageError(`no node named ${JSON.stringify(opts.node)} (${known.length > 0 ? `known: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''}` : 'give Node manifests, design nodes or node groups'})`);
        }
        const config = kubeProxyConfigFromInventory(inventory);
        const mode = (opts.mode as ProxyMode | undefined) ?? config.mode;
        const family = opts.ipFamily ? (Number(opts.ipFamily) as 4 | 6) : node.addresses[0]?.includes(':') ? 6 : 4;
        for (const warning of inventory.warnings) io.stderr(`warning: ${warning}\n`);
        if (config.clusterCIDRs.length === 0) io.stderr('warning: no cluster CIDR known (design, kube-proxy ConfigMap or Node podCIDRs): kube-proxy cannot tell pod traffic apart, so no masquerade rules for off-cluster sources\n');
        const state = buildProxyState(catalog, family);
        const settings = { ...config, mode };
        if (io.stdoutBytes) {
          // Bytes straight to stdout: a large ruleset (hundreds of MB) never becomes strings. Each chunk is written
          // (or handed over) before the next one reuses the buffer.
          for (const chunk of kubeProxyRulesetBytes(mode, state, node, settings, catalog.serviceCIDRs)) {
            const pending = io.stdoutBytes(chunk);
            if (pending) await pending;
          }
          return;
        }
        // Without a byte sink (tests): text, written in chunks (large rulesets do not fit one string).
        let buffer = '';
        for (const text of kubeProxyRuleset(mode, state, node, settings, catalog.serviceCIDRs)) {
          buffer += text;
          if (buffer.length >= CHUNK) {
            io.stdout(buffer);
            buffer = '';
          }
        }
        if (buffer !== '') io.stdout(buffer);
      });
  },
};
