import type { CapacityReport } from '@podnet/contracts';
import { csv, markdownTable, table } from '../../support/output';

type Rows = (string | number)[][];

const groupHead = [
  'NODE GROUP',
  'TYPE',
  'NODES',
  'MAX',
  'MAX PODS',
  'PODS/NODE',
  'EXPECTED',
  'IPS/NODE',
  'AT MAX PODS',
  '+NODES',
  '+PODS',
  'BINDING',
];
const subnetHead = [
  'SUBNET',
  'CIDR',
  'ZONE',
  'ROLE',
  'USABLE',
  'USED',
  'FREE',
  'USED MAX PODS',
  'USED MAX SIZE',
  'FREE /28 (WORST-PACKED)',
  'STATUS',
];
const recHead = [
  'NODE GROUP',
  'CHANGE',
  'TARGET PODS',
  'IPS/NODE',
  'NOW',
  'SAVED/NODE',
  'SAVED AT MAX',
];
const cmpHead = ['INSTANCE TYPE', 'POD CAPACITY', 'SUBNET IPS', 'AT MAX SIZE', 'EXHAUSTED SUBNETS'];

function groupRows(report: CapacityReport): Rows {
  return report.nodeGroups.map((g) => [
    g.name,
    g.instanceType,
    g.desiredSize,
    g.maxSize,
    g.maxPods,
    g.podsPerNode,
    g.expectedPodsPerNode,
    g.perNode.expected.subnetIps,
    g.perNode.atMaxPods.subnetIps,
    g.headroom.additionalNodes,
    g.headroom.additionalPods,
    g.binding.limit,
  ]);
}

function subnetRows(report: CapacityReport): Rows {
  return report.subnets.map((s) => {
    const c = s.scenarios.current;
    const status = c.exhausted
      ? 'EXHAUSTED'
      : s.scenarios.maxSize.exhausted
        ? 'full at max size'
        : s.scenarios.maxPods.exhausted
          ? 'full at max pods'
          : 'ok';
    return [
      s.key,
      s.cidr,
      s.availabilityZone ?? '-',
      s.role,
      s.usable,
      c.used,
      c.free,
      s.scenarios.maxPods.used,
      s.scenarios.maxSize.used,
      `${c.freeBlocksWorst}-${c.freeBlocksPacked}`,
      status,
    ];
  });
}

function recRows(report: CapacityReport): Rows {
  return report.recommendations.map((r) => [
    r.nodeGroup,
    r.change,
    r.targetPodsPerNode,
    r.subnetIpsPerNode,
    r.currentSubnetIpsPerNode,
    r.savedPerNode,
    r.savedAtMaxSize,
  ]);
}

function cmpRows(report: CapacityReport): Rows {
  return report.comparisons.map((c) => [
    c.instanceType,
    c.podCapacity,
    c.subnetIpsUsed,
    c.subnetIpsUsedAtMaxSize,
    c.exhaustedSubnets.join(' ') || '-',
  ]);
}

function header(report: CapacityReport): string[] {
  const c = report.cni;
  const vpc = c.plugin === 'aws-vpc-cni';
  const mode = !vpc
    ? 'pod addresses outside the VPC subnets'
    : [
        c.prefixDelegation ? 'prefix delegation' : 'secondary IPs',
        c.customNetworking ? 'custom networking' : '',
        c.securityGroupsForPods ? 'security groups for pods' : '',
        c.ipv6 ? 'IPv6' : '',
      ]
        .filter(Boolean)
        .join(', ');
  const t = report.totals;
  return [
    `capacity of ${report.design}: ${c.plugin}${c.version ? ` ${c.version}` : ''} (${mode})`,
    `nodes ${t.nodes} (max ${t.nodesAtMaxSize}), workload pods ${t.expectedPods} expected / ${t.podCapacity} capacity (${t.podCapacityAtMaxSize} at max size), subnet addresses ${t.subnetIpsUsed} of ${t.subnetIpsUsable} usable`,
  ];
}

/** The human report: summary, node groups, subnets, binding limit in words, recommendations, comparisons. */
export function renderCapacityTable(report: CapacityReport, color: boolean): string {
  const parts = [
    ...header(report),
    '',
    'Node groups',
    table(groupHead, groupRows(report), color),
    '',
    'Subnets',
    table(subnetHead, subnetRows(report), color),
    '',
  ];
  parts.push(`Binding limit (${report.binding.limit}): ${report.binding.explanation}`);
  for (const g of report.nodeGroups) parts.push(`  ${g.name}: ${g.binding.explanation}`);
  if (report.recommendations.length > 0) {
    parts.push('', 'Recommendations', table(recHead, recRows(report), color));
    for (const r of report.recommendations) parts.push(`  ${r.nodeGroup}: ${r.explanation}`);
  }
  if (report.comparisons.length > 0)
    parts.push('', 'What if every node group used', table(cmpHead, cmpRows(report), color));
  for (const w of report.warnings) parts.push(`warning: ${w}`);
  return parts.join('\n');
}

/** The report as Markdown sections. */
export function renderCapacityMarkdown(report: CapacityReport): string {
  const parts = [
    `# Capacity: ${report.design}`,
    '',
    ...header(report).slice(1),
    '',
    '## Node groups',
    '',
    markdownTable(groupHead, groupRows(report)),
    '',
    '## Subnets',
    '',
    markdownTable(subnetHead, subnetRows(report)),
    '',
    '## Binding limit',
    '',
    `**${report.binding.limit}**: ${report.binding.explanation}`,
    '',
  ];
  for (const g of report.nodeGroups) parts.push(`- ${g.name}: ${g.binding.explanation}`);
  if (report.recommendations.length > 0) {
    parts.push('', '## Recommendations', '', markdownTable(recHead, recRows(report)), '');
    for (const r of report.recommendations) parts.push(`- ${r.nodeGroup}: ${r.explanation}`);
  }
  if (report.comparisons.length > 0)
    parts.push('', '## What if', '', markdownTable(cmpHead, cmpRows(report)));
  if (report.warnings.length > 0)
    parts.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${w}`));
  return parts.join('\n');
}

/** One CSV table: a row per node group and per subnet (`kind` column), union of their columns. */
export function renderCapacityCsv(report: CapacityReport): string {
  const head = [
    'kind',
    'name',
    'instance_type',
    'nodes',
    'max_size',
    'pods_per_node',
    'expected_pods',
    'subnet_ips_per_node',
    'cidr',
    'usable',
    'used',
    'free',
    'used_at_max_pods',
    'used_at_max_size',
    'binding',
  ];
  const rows: Rows = [
    ...report.nodeGroups.map((g) => [
      'node-group',
      g.name,
      g.instanceType,
      g.desiredSize,
      g.maxSize,
      g.podsPerNode,
      g.expectedPodsPerNode,
      g.perNode.expected.subnetIps,
      '',
      '',
      '',
      '',
      '',
      '',
      g.binding.limit,
    ]),
    ...report.subnets.map((s) => [
      'subnet',
      s.key,
      '',
      s.scenarios.current.nodes,
      s.scenarios.maxSize.nodes,
      '',
      '',
      '',
      s.cidr,
      s.usable,
      s.scenarios.current.used,
      s.scenarios.current.free,
      s.scenarios.maxPods.used,
      s.scenarios.maxSize.used,
      s.scenarios.maxSize.exhausted ? 'exhausted-at-max-size' : 'ok',
    ]),
  ];
  return csv(head, rows);
}
