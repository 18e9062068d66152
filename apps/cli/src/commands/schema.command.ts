import { designJsonSchema } from '@podnet/contracts';
import type { CommandModule } from './command';
import { renderOutput } from '../support/output';

export const schemaCommand: CommandModule = {
  register(program, io) {
    program
      .command('schema')
      .description('print the ClusterDesign JSON Schema (podnet.dev/v1alpha1)')
      .option('-o, --output <format>', 'json or yaml', 'json')
      .action((opts: { output: string }) => {
        io.stdout(renderOutput(opts.output, designJsonSchema()));
      });
  },
};
