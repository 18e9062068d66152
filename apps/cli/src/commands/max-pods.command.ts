import {
  computeMaxPods,
  parseMaxPodsCap,
  type Catalogue,
  type MaxPodsOptions,
  type MaxPodsResult,
} from '@podnet/aws-planner';
import type { CommandModule } from './command';
import { loadCatalogue } from './catalogue-file';
import { wholeNumber } from './planner-options';
import { UsageError } from '../support/errors';
import { collect } from '../support/inputs';
import { csv, markdownTable, renderOutput, table } from '../support/output';

interface MaxPodsFlags {
  instanceType?: string[];
  all?: boolean;
  customNetworking?: boolean;
  prefixDelegation?: boolean;
  securityGroupsForPods?: boolean;
  cniVersion?: string;
  maxPodsCap: string;
  maxEni?: number;
  reservedEnis?: number;
  ipv6?: boolean;
  catalogue?: string;
  output: string;
}

/** Max pods per type for the flags, sorted by type (the shape `-o json` prints is `{type: maxPods}`). */
export function maxPodsResults(flags: MaxPodsFlags, catalogue: Catalogue): MaxPodsResult[] {
  if (flags.all && flags.instanceType?.length)
    throw new UsageError('give --instance-type or --all, not both');
  if (!flags.all && !flags.instanceType?.length)
    throw new UsageError('give --instance-type TYPE (repeatable) or --all');
  const options: MaxPodsOptions = {
    customNetworking: flags.customNetworking === true,
    prefixDelegation: flags.prefixDelegation === true,
    securityGroupsForPods: flags.securityGroupsForPods === true,
    ipv6: flags.ipv6 === true,
    cap: parseMaxPodsCap(flags.maxPodsCap),
    ...(flags.cniVersion === undefined ? {} : { cniVersion: flags.cniVersion }),
    ...(flags.maxEni === undefined ? {} : { maxEni: flags.maxEni }),
    ...(flags.reservedEnis === undefined ? {} : { reservedEnis: flags.reservedEnis }),
  };
  const types = flags.all
    ? catalogue.instanceTypes
    : [...new Set(flags.instanceType)].map((t) => catalogue.get(t));
  return types
    .map((limits) => computeMaxPods(limits, options))
    .sort((a, b) =>
      a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0,
    );
}

export const maxPodsCommand: CommandModule = {
  register(program, io) {
    program
      .command('max-pods')
      .description(
        'max pods per EC2 instance type under VPC CNI settings (eni-max-pods.txt, max-pods-calculator.sh)',
      )
      .option('--instance-type <type>', 'instance type (repeatable)', collect)
      .option('--all', 'every instance type in the catalogue')
      .option(
        '--custom-networking',
        'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: the primary ENI holds no pod IPs',
      )
      .option('--prefix-delegation', 'ENABLE_PREFIX_DELEGATION: /28 prefixes (Nitro or bare metal)')
      .option('--security-groups-for-pods', 'ENABLE_POD_ENI: the trunk ENI takes a slot')
      .option('--cni-version <X.Y.Z>', 'VPC CNI version (prefix delegation needs 1.9+)')
      .option('--max-eni <n>', 'MAX_ENI', wholeNumber('--max-eni', 1))
      .option(
        '--reserved-enis <n>',
        'ENIs kept for other uses (Karpenter RESERVED_ENIS)',
        wholeNumber('--reserved-enis'),
      )
      .option('--ipv6', 'ENABLE_IPv6: addresses never bind, only the cap does')
      .option(
        '--max-pods-cap <cap>',
        'none (published table), auto (max-pods-calculator.sh: 110/250) or a number',
        'none',
      )
      .option(
        '--catalogue <file>',
        'a catalogue written by `podnet catalogue refresh` (default: the bundled one)',
      )
      .option('-o, --output <format>', 'table, json, yaml, md or csv', 'table')
      .action((flags: MaxPodsFlags) => {
        const results = maxPodsResults(flags, loadCatalogue(io, flags.catalogue));
        const data = Object.fromEntries(results.map((r) => [r.instanceType, r.maxPods]));
        const head = [
          'INSTANCE TYPE',
          'MAX PODS',
          'UNCAPPED',
          'CAP',
          'POD ENIS',
          'ADDRESSES/ENI',
          'PREFIX DELEGATION',
          'BRANCH PODS',
          'NOTES',
        ];
        const rows = results.map((r) => [
          r.instanceType,
          r.maxPods,
          r.uncapped,
          r.cap ?? '-',
          r.podEnis,
          r.addressesPerEni,
          r.prefixDelegation ? 'yes' : 'no',
          flags.securityGroupsForPods ? r.branchPods : '-',
          r.notes.join('; '),
        ]);
        io.stdout(
          renderOutput(flags.output, data, {
            table: () => table(head, rows, io.isTTY),
            md: () => markdownTable(head, rows),
            csv: () => csv(head, rows),
          }),
        );
      });
  },
};
