import type { Inventory } from '@podnet/contracts';
import type { CommandModule } from './command';
import { collect, loadFiles } from '../support/inputs';
import { csv, markdownTable, renderOutput, table } from '../support/output';

interface NamespaceSummary {
  name: string;
  pods: number;
  workloads: number;
  services: number;
  networkPolicies: number;
  ingresses: number;
}

/** The summary `podnet validate` prints: what the inputs describe, by namespace. */
export function summarize(inv: Inventory) {
  const count = (items: readonly { metadata: { namespace?: string } }[], ns: string) => items.filter((o) => o.metadata.namespace === ns).length;
  const namespaces: NamespaceSummary[] = inv.namespaces.map((n) => {
    const name = n.metadata.name;
    return {
      name,
      pods: inv.pods.filter((p) => p.namespace === name).length,
      workloads: inv.workloads.filter((w) => w.namespace === name).length + inv.daemonSets.filter((d) => d.namespace === name).length,
      services: count(inv.services, name),
      networkPolicies: count(inv.networkPolicies, name),
      ingresses: count(inv.ingresses, name),
    };
  });
  const nodeGroups = inv.design.nodeGroups.map((g) => ({ name: g.name, instanceType: g.instanceType, desiredSize: g.desiredSize, minSize: g.minSize ?? g.desiredSize, maxSize: g.maxSize ?? g.desiredSize }));
  const nodes = nodeGroups.reduce((n, g) => n + g.desiredSize, 0) + inv.design.nodes.length + inv.nodes.length;
  return {
    valid: true,
    design: inv.hasDesign ? inv.design.metadata.name : null,
    provider: inv.design.network.provider,
    cni: inv.design.cni.plugin,
    kubeProxyMode: inv.design.cluster.kubeProxyMode,
    nodes,
    nodeGroups,
    totals: {
      namespaces: namespaces.length,
      pods: inv.pods.length,
      workloads: inv.workloads.length + inv.daemonSets.length,
      services: inv.services.length,
      networkPolicies: inv.networkPolicies.length,
      adminNetworkPolicies: inv.adminNetworkPolicies.length + inv.baselineAdminNetworkPolicies.length,
      ingresses: inv.ingresses.length,
      httpRoutes: inv.httpRoutes.length,
    },
    namespaces,
    skipped: inv.skipped.map((s) => ({ apiVersion: s.apiVersion, kind: s.kind, count: s.count })),
  };
}

export const validateCommand: CommandModule = {
  register(program, io) {
    program
      .command('validate')
      .description('check designs and manifests and summarize them: nodes, pods, services, policies by namespace')
      .requiredOption('-f, --file <file>', 'ClusterDesign or Kubernetes manifests (repeatable, - for stdin)', collect)
      .option('-o, --output <format>', 'table, json, yaml, md or csv', 'table')
      .action((opts: { file: string[]; output: string }) => {
        const inventory = loadFiles(io, opts.file);
        const s = summarize(inventory);
        for (const warning of inventory.warnings) io.stderr(`warning: ${warning}\n`);
        const head = ['NAMESPACE', 'PODS', 'WORKLOADS', 'SERVICES', 'NETWORKPOLICIES', 'INGRESSES'];
        const rows = s.namespaces.map((n) => [n.name, n.pods, n.workloads, n.services, n.networkPolicies, n.ingresses]);
        io.stdout(
          renderOutput(opts.output, s, {
            table: () =>
              [
                `${s.design ? `design ${s.design}` : 'generic cluster (no ClusterDesign)'}: ${s.provider}, cni ${s.cni}, kube-proxy ${s.kubeProxyMode}`,
                `nodes: ${s.nodes}${s.nodeGroups.length ? ` (${s.nodeGroups.map((g) => `${g.name}: ${g.desiredSize} x ${g.instanceType}`).join(', ')})` : ''}`,
                `pods: ${s.totals.pods}, workloads: ${s.totals.workloads}, services: ${s.totals.services}, network policies: ${s.totals.networkPolicies}, ingresses: ${s.totals.ingresses}`,
                table(head, rows, io.isTTY),
              ].join('\n'),
            md: () => markdownTable(head, rows),
            csv: () => csv(head, rows),
          }),
        );
      });
  },
};
