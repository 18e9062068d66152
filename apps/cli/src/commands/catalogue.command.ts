import { writeFileSync } from 'node:fs';
import type { CommandModule } from './command';
import { UsageError } from '../support/errors';
import { collect } from '../support/inputs';

interface RefreshFlags {
  region: string;
  endpoint?: string;
  output?: string;
  instanceType?: string[];
}

export const catalogueCommand: CommandModule = {
  register(program, io) {
    const catalogue = program
      .command('catalogue')
      .description('the instance-type network limits podnet plans with');
    catalogue
      .command('refresh')
      .description('rebuild the catalogue from EC2 DescribeInstanceTypes (needs AWS credentials)')
      .requiredOption('--region <region>', 'AWS region to read, e.g. us-east-1')
      .option('--endpoint <url>', 'EC2 endpoint other than the regional one')
      .option('--instance-type <type>', 'only this type (repeatable)', collect)
      .option('-o, --output <file>', 'write the catalogue JSON here (default: standard output)')
      .action(async (flags: RefreshFlags) => {
        if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(flags.region)) {
          throw new UsageError(
            `--region must be an AWS region such as us-east-1 (got ${JSON.stringify(flags.region)})`,
          );
        }
        let file;
        try {
          // The AWS SDK takes about a second to load: only the commands that call EC2 load it.
          const { refreshCatalogue } = await import('@podnet/aws-planner/reconcile');
          file = await refreshCatalogue({
            region: flags.region,
            generatedAt: new Date().toISOString(),
            ...(flags.endpoint === undefined ? {} : { endpoint: flags.endpoint }),
            ...(flags.instanceType === undefined ? {} : { instanceTypes: flags.instanceType }),
          });
        } catch (error) {
          const e = error as Error;
          throw new UsageError(`EC2 DescribeInstanceTypes failed: ${e.name}: ${e.message}`);
        }
        const text = `${JSON.stringify(file, null, 2)}\n`;
        if (flags.output === undefined) io.stdout(text);
        else {
          writeFileSync(flags.output, text);
          io.stderr(`wrote ${file.count} instance types to ${flags.output}\n`);
        }
      });
  },
};
