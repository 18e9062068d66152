import { CapacityReportSchema } from '@podnet/contracts';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

const design = 'examples/eks-vpc-cni/design.yaml';

describe('podnet capacity', () => {
  it('prints a report that parses with CapacityReportSchema, same bytes every run', async () => {
    const first = await runCli(['capacity', '-f', design, '-o', 'json']);
    const second = await runCli(['capacity', '-f', design, '-o', 'json']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const report = CapacityReportSchema.parse(JSON.parse(first.stdout));
    expect(report.nodeGroups.map((g) => g.name)).toEqual(['general', 'compute']);
    // eni-max-pods.txt: m5.large 29, c6i.xlarge 58.
    expect(report.nodeGroups.map((g) => g.podsPerNode)).toEqual([29, 58]);
  });

  it('compares other instance types with --compare', async () => {
    const { stdout } = await runCli([
      'capacity',
      '-f',
      design,
      '--compare',
      'm6i.large,c6i.xlarge',
      '-o',
      'json',
    ]);
    const report = CapacityReportSchema.parse(JSON.parse(stdout));
    expect(report.comparisons.map((c) => c.instanceType)).toEqual(['m6i.large', 'c6i.xlarge']);
  });

  it('renders table, md and csv', async () => {
    const table = await runCli(['capacity', '-f', design]);
    expect(table.stdout).toContain('Binding limit');
    const md = await runCli(['capacity', '-f', design, '-o', 'md']);
    expect(md.stdout).toContain('## Subnets');
    const csv = await runCli(['capacity', '-f', design, '-o', 'csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^kind,name,instance_type/);
  });

  it('exits 2 for an unknown --compare type', async () => {
    const { code, stderr } = await runCli(['capacity', '-f', design, '--compare', 'm6i.larg']);
    expect(code).toBe(2);
    expect(stderr).toContain('m6i.large');
  });

  it('aims recommendations at --target-pods: larger sizes or prefix delegation when the type is short', async () => {
    const { stdout } = await runCli([
      'capacity',
      '-f',
      design,
      '--target-pods',
      '50',
      '-o',
      'json',
    ]);
    const report = CapacityReportSchema.parse(JSON.parse(stdout));
    const general = report.recommendations.filter((r) => r.nodeGroup === 'general');
    // m5.large runs 27 workload pods (eni-max-pods.txt 29 minus 2 host-network pods), so 50 needs another size or PD.
    expect(general.map((r) => r.change)).toContain(
      'ENABLE_PREFIX_DELEGATION=true, WARM_PREFIX_TARGET=1',
    );
    expect(general.every((r) => r.targetPodsPerNode === 50)).toBe(true);
  });
});
