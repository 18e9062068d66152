import { diffReach } from '@podnet/netsim';
import type { CommandModule } from './command';
import { loadFiles } from '../support/inputs';
import { CheckFailed } from '../support/errors';
import { csv, markdownTable, renderOutput } from '../support/output';
import { formatAllowed, formatEndpoint, reachOptions } from './reach.command';

interface DiffFlags {
  file: string[];
  against: string[];
  by: string;
  ipblockMatchesPods?: string;
  hostNetwork: string;
  exitCode?: boolean;
  output: string;
}

const many = (value: string, previous: string[] = []) => [...previous, value];

export const diffCommand: CommandModule = {
  register(program, io) {
    program
      .command('diff')
      .description('connections added, removed and changed between two sets of inputs, with the policies that caused each')
      .requiredOption('-f, --file <files...>', 'the old inputs (repeatable)', many)
      .requiredOption('--against <files...>', 'the new inputs (repeatable)', many)
      .option('--by <unit>', 'workload or pod', 'workload')
      .option('--ipblock-matches-pods <bool>', 'whether ipBlocks match pod IPs (default: from the design\'s CNI)')
      .option('--host-network <mode>', 'hostNetwork pods: node or pod', 'node')
      .option('--exit-code', 'exit 1 when anything changed')
      .option('-o, --output <format>', 'json, yaml, txt, csv or md', 'txt')
      .action((flags: DiffFlags) => {
        const options = reachOptions(flags);
        const before = loadFiles(io, flags.file.flat());
        const after = loadFiles(io, flags.against.flat());
        const doc = diffReach(before, after, options);
        const rows = doc.changes.map((c) => [c.change, formatEndpoint(c.src), formatEndpoint(c.dst), formatAllowed(c.before), formatAllowed(c.after), c.causes.join('; ')]);
        const head = ['CHANGE', 'SRC', 'DST', 'BEFORE', 'AFTER', 'CAUSES'];
        io.stdout(
          renderOutput(flags.output, doc, {
            txt: () =>
              [
                `${doc.summary.added} added, ${doc.summary.removed} removed, ${doc.summary.changed} changed`,
                ...doc.changes.map((c, i) => `${c.change}: ${rows[i]![1]} => ${rows[i]![2]} : ${rows[i]![3]} -> ${rows[i]![4]}\n    caused by: ${rows[i]![5]}`),
              ].join('\n'),
            csv: () => csv(head, rows),
            md: () => markdownTable(head, rows),
          }),
        );
        if (flags.exitCode && doc.changes.length > 0) throw new CheckFailed('');
      });
  },
};
