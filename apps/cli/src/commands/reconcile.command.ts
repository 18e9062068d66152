import type { ReconcileReport } from '@podnet/contracts';
import type { CommandModule } from './command';
import { CheckFailed, UsageError } from '../support/errors';
import { collect, loadFiles } from '../support/inputs';
import { csv, markdownTable, renderOutput, table } from '../support/output';

interface ReconcileFlags {
  file: string[];
  region?: string;
  vpcId?: string;
  endpoint?: string;
  exitCode?: boolean;
  output: string;
}

function rows(report: ReconcileReport): (string | number)[][] {
  return report.subnets.map((s) => [
    s.key,
    s.observed?.subnetId ?? '-',
    s.design?.cidr ?? '-',
    s.used.planned ?? '-',
    s.used.actual ?? '-',
    s.observed?.availableIpAddressCount ?? '-',
    s.observed ? `${s.observed.freeAlignedBlocks}/${s.observed.alignedBlocks}` : '-',
  ]);
}
const HEAD = ['SUBNET', 'EC2 ID', 'CIDR', 'PLANNED USED', 'ACTUAL USED', 'AVAILABLE', 'FREE /28'];

function text(report: ReconcileReport, color: boolean): string {
  const lines = [`design ${report.design} against ${report.vpcId ?? 'the listed subnets'} in ${report.region}: ${report.inSync ? 'in sync' : 'drift found'}`, table(HEAD, rows(report), color)];
  for (const f of report.findings) lines.push(`${f.severity.toUpperCase()} ${f.code}: ${f.message}`);
  return lines.join('\n');
}

export const reconcileCommand: CommandModule = {
  register(program, io) {
    program
      .command('reconcile')
      .description("compare a design's subnets and capacity plan with the real VPC (EC2 DescribeSubnets and DescribeNetworkInterfaces)")
      .requiredOption('-f, --file <file>', 'ClusterDesign and manifests (repeatable, - for stdin)', collect)
      .option('--region <region>', 'AWS region (default: network.region of the design)')
      .option('--vpc-id <id>', 'VPC to read (default: network.vpc.id of the design)')
      .option('--endpoint <url>', 'EC2 endpoint other than AWS (a VPC endpoint or a test double)')
      .option('--exit-code', 'exit 1 when anything but informational findings is reported')
      .option('-o, --output <format>', 'table, json, yaml, md or csv', 'table')
      .action(async (flags: ReconcileFlags) => {
        const inventory = loadFiles(io, flags.file);
        // The AWS SDK takes about a second to load: only the commands that call EC2 load it.
        const { Ec2CallError, reconcileWithEc2 } = await import('@podnet/aws-planner/reconcile');
        let report: ReconcileReport;
        try {
          report = await reconcileWithEc2(
            { design: inventory.design, pods: inventory.pods, daemonSets: inventory.daemonSets },
            { ...(flags.region ? { region: flags.region } : {}), ...(flags.vpcId ? { vpcId: flags.vpcId } : {}), ...(flags.endpoint ? { endpoint: flags.endpoint } : {}) },
          );
        } catch (error) {
          if (error instanceof Ec2CallError) throw new UsageError(error.message);
          throw error;
        }
        io.stdout(
          renderOutput(flags.output, report, {
            table: () => text(report, io.isTTY),
            md: () => markdownTable(HEAD, rows(report)),
            csv: () => csv(HEAD, rows(report)),
          }),
        );
        if (flags.exitCode && !report.inSync) throw new CheckFailed('');
      });
  },
};
