import { simulateWarmPool, type WarmPoolResult } from '@podnet/aws-planner';
import type { CommandModule } from './command';
import { loadCatalogue } from './catalogue-file';
import { wholeNumber } from './planner-options';
import { csv, markdownTable, renderOutput, table } from '../support/output';

interface WarmPoolFlags {
  instanceType: string;
  pods: number;
  prefixDelegation?: boolean;
  warmEniTarget?: number;
  warmIpTarget?: number;
  minimumIpTarget?: number;
  warmPrefixTarget?: number;
  maxPods?: number;
  maxEni?: number;
  customNetworking?: boolean;
  cniVersion?: string;
  catalogue?: string;
  output: string;
}

/** The document `podnet warm-pool -o json` prints, in this key order. */
export function warmPoolDocument(result: WarmPoolResult) {
  return {
    enis: result.enis,
    ips: result.ips,
    prefixes: result.prefixes,
    subnetIps: result.subnetIps,
    ipsPerEni: result.ipsPerEni,
    prefixesPerEni: result.prefixesPerEni,
  };
}

export const warmPoolCommand: CommandModule = {
  register(program, io) {
    program
      .command('warm-pool')
      .description('ENIs, IPs/prefixes and subnet addresses ipamd holds on one node with N pods')
      .requiredOption('--instance-type <type>', 'EC2 instance type')
      .requiredOption('--pods <n>', 'pods with a VPC address on the node', wholeNumber('--pods'))
      .option('--prefix-delegation', 'ENABLE_PREFIX_DELEGATION')
      .option(
        '--warm-eni-target <n>',
        'WARM_ENI_TARGET (default 1)',
        wholeNumber('--warm-eni-target'),
      )
      .option('--warm-ip-target <n>', 'WARM_IP_TARGET (0 = unset)', wholeNumber('--warm-ip-target'))
      .option(
        '--minimum-ip-target <n>',
        'MINIMUM_IP_TARGET (0 = unset)',
        wholeNumber('--minimum-ip-target'),
      )
      .option(
        '--warm-prefix-target <n>',
        'WARM_PREFIX_TARGET (default 1 with prefix delegation)',
        wholeNumber('--warm-prefix-target'),
      )
      .option(
        '--max-pods <n>',
        'kubelet max pods (default: the node max pods for these settings, no cap)',
        wholeNumber('--max-pods', 1),
      )
      .option('--max-eni <n>', 'MAX_ENI', wholeNumber('--max-eni', 1))
      .option('--custom-networking', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG')
      .option('--cni-version <X.Y.Z>', 'VPC CNI version')
      .option(
        '--catalogue <file>',
        'a catalogue written by `podnet catalogue refresh` (default: the bundled one)',
      )
      .option('-o, --output <format>', 'table, json, yaml, md or csv', 'table')
      .action((flags: WarmPoolFlags) => {
        const result = simulateWarmPool({
          instanceType: flags.instanceType,
          catalogue: loadCatalogue(io, flags.catalogue),
          pods: flags.pods,
          prefixDelegation: flags.prefixDelegation === true,
          customNetworking: flags.customNetworking === true,
          ...(flags.warmEniTarget === undefined ? {} : { warmEniTarget: flags.warmEniTarget }),
          ...(flags.warmIpTarget === undefined ? {} : { warmIpTarget: flags.warmIpTarget }),
          ...(flags.minimumIpTarget === undefined
            ? {}
            : { minimumIpTarget: flags.minimumIpTarget }),
          ...(flags.warmPrefixTarget === undefined
            ? {}
            : { warmPrefixTarget: flags.warmPrefixTarget }),
          ...(flags.maxPods === undefined ? {} : { maxPods: flags.maxPods }),
          ...(flags.maxEni === undefined ? {} : { maxEni: flags.maxEni }),
          ...(flags.cniVersion === undefined ? {} : { cniVersion: flags.cniVersion }),
        });
        const head = ['DEVICE', 'ROLE', 'SUBNET', 'IPS', 'PREFIXES', 'PODS', 'SUBNET IPS'];
        const rows = result.eniHoldings.map((e) => [
          e.deviceIndex,
          e.role,
          e.subnet,
          e.ips,
          e.prefixes ?? '-',
          e.pods,
          e.subnetIps,
        ]);
        const summary = [
          `${result.instanceType}, ${result.pods} pods (max pods ${result.maxPods}), ${result.settings.prefixDelegation ? 'prefix delegation' : 'secondary IPs'}`,
          `ENIs ${result.enis}, ${result.prefixes === null ? `IPs ${result.ips}` : `prefixes ${result.prefixes} (${result.ips} IPs)`}, unused ${result.unusedIps}, subnet addresses ${result.subnetIps}`,
          ...result.notes.map((note) => `note: ${note}`),
        ].join('\n');
        io.stdout(
          renderOutput(flags.output, warmPoolDocument(result), {
            table: () => `${summary}\n${table(head, rows, io.isTTY)}`,
            md: () => markdownTable(head, rows),
            csv: () => csv(head, rows),
          }),
        );
      });
  },
};
