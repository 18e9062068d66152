import { checkExpectations } from '@podnet/netsim';
import type { CommandModule } from './command';
import { collect, loadFiles } from '../support/inputs';
import { CheckFailed } from '../support/errors';
import { csv, markdownTable, renderOutput } from '../support/output';
import { reachOptions } from './reach.command';

interface CheckFlags {
  file: string[];
  ipblockMatchesPods?: string;
  hostNetwork: string;
  output: string;
}

export const checkCommand: CommandModule = {
  register(program, io) {
    program
      .command('check')
      .description("check the design's expect: assertions (exit 1 when one fails)")
      .requiredOption('-f, --file <file>', 'ClusterDesign and manifests (repeatable, - for stdin)', collect)
      .option('--ipblock-matches-pods <bool>', 'whether ipBlocks match pod IPs (default: from the design\'s CNI)')
      .option('--host-network <mode>', 'hostNetwork pods: node or pod', 'node')
      .option('-o, --output <format>', 'txt, json, yaml, csv or md', 'txt')
      .action((flags: CheckFlags) => {
        const options = reachOptions({ ...flags, by: 'workload' });
        const inventory = loadFiles(io, flags.file);
        const report = checkExpectations(inventory, options);
        const port = (p: number | string | undefined, proto: string) => (p === undefined ? 'any port' : `${proto} ${p}`);
        const rows = report.results.map((r) => [r.passed ? 'PASS' : 'FAIL', r.from, r.to, port(r.port, r.protocol), r.expected ? 'allowed' : 'denied', r.actual ? 'allowed' : 'denied', r.reason]);
        const head = ['RESULT', 'FROM', 'TO', 'PORT', 'EXPECTED', 'ACTUAL', 'REASON'];
        io.stdout(
          renderOutput(flags.output, report, {
            txt: () =>
              [
                ...report.results.map((r, i) => `${rows[i]![0]} ${r.from} -> ${r.to} ${rows[i]![3]}: expected ${rows[i]![4]}, ${rows[i]![5]}${r.description ? ` (${r.description})` : ''}\n    ${r.reason}`),
                `${report.results.filter((r) => r.passed).length}/${report.results.length} assertions passed`,
              ].join('\n'),
            csv: () => csv(head, rows),
            md: () => markdownTable(head, rows),
          }),
        );
        if (!report.passed) throw new CheckFailed('');
      });
  },
};
