import { parseIp } from '@podnet/contracts';
import { assertNoServiceConflicts, buildClusterModel, clusterDns, corefileSettings, modelServiceCatalog, podResolvConf, reverseName, stubLookup, type DnsAnswer, type DnsType, type PodRecordsMode } from '@podnet/netsim';
import type { CommandModule } from './command';
import { UsageError } from '../support/errors';
import { collect, loadFiles } from '../support/inputs';
import { renderOutput, table } from '../support/output';

interface DnsFlags {
  file: string[];
  name: string;
  type: string;
  from?: string;
  podRecords?: string;
  output: string;
}

const TYPES: readonly DnsType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT'];
const MODES: readonly PodRecordsMode[] = ['disabled', 'insecure', 'verified'];

/** An answer with only the fields its type has (the `-o json` shape of `podnet dns`). */
function answerJson(a: DnsAnswer) {
  return {
    name: a.name,
    type: a.type,
    ttl: a.ttl,
    ...(a.address !== undefined ? { address: a.address } : {}),
    ...(a.priority !== undefined ? { priority: a.priority } : {}),
    ...(a.weight !== undefined ? { weight: a.weight } : {}),
    ...(a.port !== undefined ? { port: a.port } : {}),
    ...(a.target !== undefined ? { target: a.target } : {}),
    ...(a.text !== undefined ? { text: a.text } : {}),
  };
}

export const dnsCommand: CommandModule = {
  register(program, io) {
    program
      .command('dns')
      .description('ask the cluster DNS (CoreDNS semantics) a question, directly or through a pod\'s resolv.conf search list')
      .requiredOption('-f, --file <file>', 'ClusterDesign or Kubernetes manifests (repeatable, - for stdin)', collect)
      .requiredOption('--name <name>', 'the name to look up (an IP address with --type PTR is turned into its reverse name)')
      .option('--type <type>', 'A, AAAA, SRV, PTR, CNAME or TXT', 'A')
      .option('--from <ns/pod>', 'resolve as this pod does: its dnsPolicy, search list and ndots')
      .option('--pod-records <mode>', 'CoreDNS pods mode: disabled, insecure or verified (default: the kube-system/coredns Corefile, else insecure as kubeadm and EKS configure it)')
      .option('-o, --output <format>', 'table, json or yaml', 'table')
      .action((opts: DnsFlags) => {
        const type = opts.type.toUpperCase() as DnsType;
        if (!TYPES.includes(type)) throw new UsageError(`--type must be one of ${TYPES.join(', ')} (got ${JSON.stringify(opts.type)})`);
        if (opts.podRecords !== undefined && !MODES.includes(opts.podRecords as PodRecordsMode)) throw new UsageError(`--pod-records must be disabled, insecure or verified (got ${JSON.stringify(opts.podRecords)})`);
        const inventory = loadFiles(io, opts.file);
        // Pod addresses (endpoints, `pods verified`) come from the simulation model: IPAM for pods without status.podIP.
        const model = buildClusterModel(inventory);
        const catalog = modelServiceCatalog(model, inventory);
        assertNoServiceConflicts(catalog, inventory);
        // The coredns ConfigMap's Corefile, when given: its pods mode and TTL, and its hosts entries as outside records.
        const corefile = corefileSettings(inventory.configMaps);
        const dns = clusterDns(catalog, {
          podsMode: (opts.podRecords as PodRecordsMode | undefined) ?? corefile.podsMode ?? 'insecure',
          ...(corefile.ttl !== undefined ? { ttl: corefile.ttl } : {}),
          upstream: corefile.hosts,
          namespaces: inventory.namespaces.map((n) => n.metadata.name),
          pods: model.pods.map((p) => ({ namespace: p.namespace, ips: p.ip ? [p.ip] : [] })),
        });
        const name = type === 'PTR' && parseIp(opts.name.replace(/\.$/, '')) ? reverseName(opts.name.replace(/\.$/, ''))! : opts.name;
        let result: { rcode: string; answers: readonly DnsAnswer[]; queriesSent?: readonly string[] };
        if (opts.from) {
          const [ns, podName, extra] = opts.from.split('/');
          if (!ns || !podName || extra !== undefined) throw new UsageError(`--from must be NAMESPACE/POD (got ${JSON.stringify(opts.from)})`);
          const record = inventory.pods.find((p) => p.namespace === ns && p.name === podName);
          if (!record) throw new UsageError(`no pod ${opts.from} in the input`);
          const spec = record.pod.spec;
          // The node's own resolv.conf is not part of the input: taken as empty (no extra search domains).
          const conf = podResolvConf(
            { namespace: ns, ...(spec.dnsPolicy ? { dnsPolicy: spec.dnsPolicy } : {}), hostNetwork: spec.hostNetwork ?? false, ...(spec.dnsConfig ? { dnsConfig: spec.dnsConfig } : {}) },
            { clusterDNS: [catalog.dnsIP], clusterDomain: catalog.clusterDomain },
            { nameservers: [], search: [], options: [] },
          );
          // dnsPolicy Default (or ClusterFirst with hostNetwork) resolves through the node's resolver, not the cluster DNS:
          // only names known outside the cluster answer.
          const viaCluster = conf.nameservers.includes(catalog.dnsIP);
          if (!viaCluster) io.stderr(`note: ${opts.from} does not use the cluster DNS (dnsPolicy ${spec.dnsPolicy ?? 'ClusterFirst'}${spec.hostNetwork ? ', hostNetwork' : ''}): cluster names do not resolve for it\n`);
          const resolver = viaCluster ? dns : clusterDns({ ...catalog, services: [], slices: new Map() }, { upstream: corefile.hosts });
          result = stubLookup(resolver, name, type, conf);
        } else {
          result = dns.query(name, type);
        }
        const data = { rcode: result.rcode, answers: result.answers.map(answerJson), ...(result.queriesSent ? { queriesSent: [...result.queriesSent] } : {}) };
        io.stdout(
          renderOutput(opts.output, data, {
            table: () =>
              [
                `${data.rcode}${data.queriesSent ? ` after ${data.queriesSent.length} quer${data.queriesSent.length === 1 ? 'y' : 'ies'}: ${data.queriesSent.join(', ')}` : ''}`,
                ...(data.answers.length > 0
                  ? [table(['NAME', 'TYPE', 'TTL', 'DATA'], data.answers.map((a) => [a.name, a.type, a.ttl, a.address ?? (a.type === 'SRV' ? `${a.priority} ${a.weight} ${a.port} ${a.target}` : a.target ?? a.text ?? '')]), io.isTTY)]
                  : []),
              ].join('\n'),
          }),
        );
      });
  },
};
