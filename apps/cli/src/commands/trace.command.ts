import { formatTraceText, traceDocument, tracerForInventory } from '@podnet/netsim';
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
        // The inputs' NetworkPolicy / ANP / BANP at both ends; Services and DNS names through kube-proxy's stage.
        const { tracer, warnings } = tracerForInventory(inventory);
        for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
        const result = tracer.trace({ from: flags.from, to: flags.to, seed: flags.seed ?? 0 });
        io.stdout(renderOutput(flags.output, traceDocument(result), { txt: () => formatTraceText(result, flags.from, flags.to) }));
      });
  },
};
