import { computeExposure, buildReachModel, reachFromModel, visitReach, type AllowedPorts, type ReachConnection, type ReachEndpoint, type ReachOptions } from '@podnet/netsim';
import type { CliIo } from '../support/io';
import type { CommandModule } from './command';
import { collect, loadFiles } from '../support/inputs';
import { UsageError } from '../support/errors';
import { csv, markdownTable, renderOutput } from '../support/output';

/** `TCP 80,8080-8090;UDP 53` or `All Connections` (netpol-analyzer's spelling). */
export function formatAllowed(a: AllowedPorts | undefined): string {
  if (a === undefined) return 'No Connections';
  if (a === 'all') return 'All Connections';
  return a.map((p) => `${p.protocol} ${p.ports.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`).join(';');
}

/** A workload/pod name, or the CIDRs of an external range. */
export function formatEndpoint(e: ReachEndpoint): string {
  return typeof e === 'string' ? e : e.cidrs.join(',');
}

const txtLine = (c: ReachConnection) => [`${formatEndpoint(c.src)} => ${formatEndpoint(c.dst)} : ${formatAllowed(c.allowed)}`, ...(c.explanation ?? []).map((l) => `    ${l}`)].join('\n');

/**
 * Writes the reach document as it is computed, in chunks: `json` is byte for byte what
 * `JSON.stringify({connections}, null, 2)` gives, `txt` one line per connection.
 */
function streamReach(io: CliIo, format: 'json' | 'txt', produce: (visit: (c: ReachConnection) => void) => void): void {
  let buffer = '';
  let count = 0;
  const write = (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      io.stdout(buffer);
      buffer = '';
    }
  };
  if (format === 'json') write('{\n  "connections": [');
  produce((c) => {
    if (format === 'json') write(`${count > 0 ? ',' : ''}\n${JSON.stringify(c, null, 2).replace(/^/gm, '    ')}`);
    else write(`${count > 0 ? '\n' : ''}${txtLine(c)}`);
    count += 1;
  });
  if (format === 'json') write(count > 0 ? '\n  ]\n}\n' : ']\n}\n');
  else write('\n');
  io.stdout(buffer);
}

export interface ReachFlags {
  file: string[];
  by: string;
  ipblockMatchesPods?: string;
  hostNetwork: string;
  explain?: boolean;
  focus?: string;
  exposure?: boolean;
  output: string;
}

/** Parses the flags `reach`, `diff` and `check` share into library options. */
export function reachOptions(flags: Pick<ReachFlags, 'by' | 'ipblockMatchesPods' | 'hostNetwork'>): ReachOptions {
  if (flags.by !== 'workload' && flags.by !== 'pod') throw new UsageError(`--by must be workload or pod (got ${JSON.stringify(flags.by)})`);
  if (flags.hostNetwork !== 'node' && flags.hostNetwork !== 'pod') throw new UsageError(`--host-network must be node or pod (got ${JSON.stringify(flags.hostNetwork)})`);
  const m = flags.ipblockMatchesPods;
  if (m !== undefined && m !== 'true' && m !== 'false') throw new UsageError(`--ipblock-matches-pods must be true or false (got ${JSON.stringify(m)})`);
  return { by: flags.by, hostNetwork: flags.hostNetwork, ...(m !== undefined ? { ipBlockMatchesPods: m === 'true' } : {}) };
}

export const reachCommand: CommandModule = {
  register(program, io) {
    program
      .command('reach')
      .description('the NetworkPolicy reachability matrix: who may open connections to whom, on which ports (and why, with --explain)')
      .requiredOption('-f, --file <file>', 'ClusterDesign or Kubernetes manifests (repeatable, - for stdin)', collect)
      .option('--by <unit>', 'workload or pod', 'workload')
      .option('--ipblock-matches-pods <bool>', 'whether ipBlocks match pod IPs (default: from the design\'s CNI, see libs/netsim/README.md)')
      .option('--host-network <mode>', 'hostNetwork pods: node (seen as their node, not selectable) or pod', 'node')
      .option('--explain', 'name the policies and rules behind each connection')
      .option('--focus <ns/name>', 'only connections from or to this workload (or pod)')
      .option('--exposure', 'who can reach each workload from other namespaces or from outside the cluster')
      .option('-o, --output <format>', 'json, yaml, txt, csv or md', 'json')
      .action((flags: ReachFlags) => {
        const options = reachOptions(flags);
        const inventory = loadFiles(io, flags.file);
        for (const warning of inventory.warnings) io.stderr(`warning: ${warning}\n`);
        const model = buildReachModel(inventory, options);
        for (const warning of model.index.warnings) io.stderr(`warning: ${warning}\n`);
        if (flags.focus && !model.entities.some((e) => e.name === flags.focus)) {
          throw new UsageError(`--focus ${flags.focus}: no ${options.by} of that name (use namespace/name)`);
        }
        if (flags.exposure) {
          const doc = computeExposure(model, flags.focus ? { focus: flags.focus } : {});
          const rows = doc.exposure.flatMap((e) => [
            ...e.fromOtherNamespaces.map((f) => [e.workload, e.ingressProtected ? 'yes' : 'no', f.src, formatAllowed(f.allowed)]),
            ...e.fromOutsideCluster.map((f) => [e.workload, e.ingressProtected ? 'yes' : 'no', f.cidrs.join(','), formatAllowed(f.allowed)]),
          ]);
          const head = ['WORKLOAD', 'PROTECTED', 'FROM', 'ALLOWED'];
          io.stdout(
            renderOutput(flags.output, doc, {
              txt: () =>
                doc.exposure
                  .map((e) =>
                    [
                      `${e.workload}${e.ingressProtected ? '' : ' (no ingress policy)'}`,
                      ...e.fromOtherNamespaces.map((f) => `  ${f.src} => ${e.workload} : ${formatAllowed(f.allowed)}`),
                      ...e.fromOutsideCluster.map((f) => `  ${f.cidrs.join(',')} => ${e.workload} : ${formatAllowed(f.allowed)}`),
                      ...e.exposingRules.map((r) => `  could admit ${r.admits} : ${r.ports} (${r.rule})`),
                    ].join('\n'),
                  )
                  .join('\n'),
              csv: () => csv(head, rows),
              md: () => markdownTable(head, rows),
            }),
          );
          return;
        }
        const reachOpts = { ...options, ...(flags.focus ? { focus: flags.focus } : {}), explain: flags.explain === true };
        if (flags.output === 'json' || flags.output === 'txt') {
          // Streamed: a cluster without policies has a line per pair of workloads (millions at scale).
          streamReach(io, flags.output, (visit) => visitReach(model, reachOpts, visit));
          return;
        }
        const doc = reachFromModel(model, reachOpts);
        const rows = doc.connections.map((c) => [formatEndpoint(c.src), formatEndpoint(c.dst), formatAllowed(c.allowed)]);
        const head = ['SRC', 'DST', 'ALLOWED'];
        io.stdout(
          renderOutput(flags.output, doc, {
            csv: () => csv(flags.explain ? [...head, 'EXPLANATION'] : head, doc.connections.map((c, i) => (flags.explain ? [...rows[i]!, (c.explanation ?? []).join(' | ')] : rows[i]!))),
            md: () => markdownTable(flags.explain ? [...head, 'EXPLANATION'] : head, doc.connections.map((c, i) => (flags.explain ? [...rows[i]!, (c.explanation ?? []).join('<br>')] : rows[i]!))),
          }),
        );
      });
  },
};
