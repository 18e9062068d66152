import { buildClusterModel, createServiceStage, createTracer, formatTraceText, networkPolicyEvaluator, type TraceResult } from '@podnet/netsim';
import type { CommandModule } from './command';
import { wholeNumber } from './planner-options';
import { collect, loadFiles } from '../support/inputs';
import { renderOutput } from '../support/output';

interface TraceFlags {
  file: string[];
  from: string;
  to: string;
  seed?: number;
  output: string;
}

/** The document `podnet trace -o json` prints: exactly verdict, reason, endpoint, hops. */
export function traceDocument(result: TraceResult) {
  return {
    verdict: result.verdict,
    reason: result.reason,
    endpoint: result.endpoint,
    hops: result.hops.map((h) => ({ at: h.at, device: h.device, action: h.action, detail: h.detail, packet: { src: h.packet.src, dst: h.packet.dst, protocol: h.packet.protocol } })),
  };
}

export const traceCommand: CommandModule = {
  register(program, io) {
    program
      .command('trace')
      .description('follow one packet hop by hop through the cluster the inputs describe (CNI data path, NAT, drops and why)')
      .requiredOption('-f, --file <file>', 'ClusterDesign or Kubernetes manifests (repeatable, - for stdin)', collect)
      .requiredOption('--from <src>', 'ns/pod[/container], node/NAME or external[:IP]')
      .requiredOption('--to <dst>', 'ns/pod, node/NAME or an IP, with :port[/proto] (no port: ICMP echo)')
      .option('--seed <n>', 'seed for random choices (kube-proxy endpoint choice)', wholeNumber('--seed'))
      .option('-o, --output <format>', 'txt, json or yaml', 'txt')
      .action((flags: TraceFlags) => {
        const inventory = loadFiles(io, flags.file);
        const model = buildClusterModel(inventory);
        for (const warning of [...inventory.warnings, ...model.warnings]) io.stderr(`warning: ${warning}\n`);
        // NetworkPolicy / ANP / BANP in the inputs are enforced at the source (egress) and destination (ingress).
        const policy = networkPolicyEvaluator(inventory, model);
        // Services: ns/svc and DNS names resolve, kube-proxy DNATs/SNATs in the first node's netfilter (libs/netsim/src/services/trace-stage.ts).
        const service = createServiceStage(model, inventory);
        const result = createTracer(model, { ...(policy ? { policy } : {}), service }).trace({ from: flags.from, to: flags.to, seed: flags.seed ?? 0 });
        io.stdout(renderOutput(flags.output, traceDocument(result), { txt: () => formatTraceText(result, flags.from, flags.to) }));
      });
  },
};
