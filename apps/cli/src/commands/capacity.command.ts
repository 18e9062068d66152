import { planCapacity } from '@podnet/aws-planner';
import type { CommandModule } from './command';
import { wholeNumber } from './planner-options';
import { renderCapacityCsv, renderCapacityMarkdown, renderCapacityTable } from './capacity/render';
import { UsageError } from '../support/errors';
import { collect, loadFiles } from '../support/inputs';
import { renderOutput } from '../support/output';

interface CapacityFlags {
  file: string[];
  output: string;
  compare?: string;
  recommendations: boolean;
  targetPods?: number;
}

export const capacityCommand: CommandModule = {
  register(program, io) {
    program
      .command('capacity')
      .description(
        'EKS capacity: per node group and subnet, what binds first, recommendations, what-if instance types',
      )
      .requiredOption(
        '-f, --file <file>',
        'ClusterDesign and manifests (repeatable, - for stdin)',
        collect,
      )
      .option(
        '--compare <types>',
        'comma-separated instance types to compare the design on, e.g. m6i.large,c6i.xlarge',
      )
      .option('--no-recommendations', 'skip recommendations')
      .option(
        '--target-pods <n>',
        "pods per node the recommendations aim for (default: each group's expected pods)",
        wholeNumber('--target-pods', 1),
      )
      .option('-o, --output <format>', 'table, json, yaml, md or csv', 'table')
      .action((flags: CapacityFlags) => {
        const inventory = loadFiles(io, flags.file);
        if (!inventory.hasDesign)
          throw new UsageError('capacity needs a ClusterDesign among the -f files');
        const compare = (flags.compare ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t !== '');
        const report = planCapacity(
          { design: inventory.design, pods: inventory.pods, daemonSets: inventory.daemonSets },
          {
            compare,
            recommendations: flags.recommendations,
            ...(flags.targetPods === undefined ? {} : { targetPodsPerNode: flags.targetPods }),
          },
        );
        io.stdout(
          renderOutput(flags.output, report, {
            table: () => renderCapacityTable(report, io.isTTY),
            md: () => renderCapacityMarkdown(report),
            csv: () => renderCapacityCsv(report),
          }),
        );
      });
  },
};
