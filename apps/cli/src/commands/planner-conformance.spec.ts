import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

// The planner's conformance corpora (test/conformance, provenance in its README) through the CLI, as a user runs
// them: flags left out take the CLI defaults (the VPC CNI as EKS ships it, cli-contract.md).
const corpus = <T>(name: string) =>
  JSON.parse(readFileSync(`test/conformance/${name}`, 'utf8')) as T;

describe('podnet max-pods / warm-pool against the conformance corpora', () => {
  it('max-pods --all -o json is misc/eni-max-pods.txt (1,391 types)', async () => {
    const expected = corpus<{ maxPods: Record<string, number> }>('eni-max-pods.json').maxPods;
    const { stdout } = await runCli(['max-pods', '--all', '-o', 'json']);
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('max-pods --max-pods-cap auto is max-pods-calculator.sh (160 cases)', async () => {
    type Case = {
      instanceType: string;
      flags: { customNetworking: boolean; prefixDelegation: boolean };
      cniVersion: string;
      expected: number;
    };
    const cases = corpus<Case[]>('max-pods-calculator-cases.json');
    for (const custom of [false, true]) {
      for (const pd of [false, true]) {
        const subset = cases.filter(
          (c) => c.flags.customNetworking === custom && c.flags.prefixDelegation === pd,
        );
        const args = ['max-pods', '--max-pods-cap', 'auto', '--cni-version', '1.9.0', '-o', 'json'];
        for (const c of subset) args.push('--instance-type', c.instanceType);
        if (custom) args.push('--custom-networking');
        if (pd) args.push('--prefix-delegation');
        const got = JSON.parse((await runCli(args)).stdout) as Record<string, number>;
        expect(
          Object.fromEntries(subset.map((c) => [c.instanceType, got[c.instanceType]])),
        ).toEqual(Object.fromEntries(subset.map((c) => [c.instanceType, c.expected])));
      }
    }
  });

  it('warm-pool -o json meets every warm-pool case (46)', async () => {
    type Case = {
      id: string;
      instanceType: string;
      settings: Record<
        'warmEniTarget' | 'warmIpTarget' | 'minimumIpTarget' | 'warmPrefixTarget',
        number | null
      > & { enablePrefixDelegation: boolean };
      pods: number;
      expected: Record<string, unknown>;
      codeExpected?: Record<string, unknown>;
      assumptions: { maxPods: number };
    };
    const failures: string[] = [];
    for (const c of corpus<{ cases: Case[] }>('warm-pool-cases.json').cases) {
      const s = c.settings;
      const args = [
        'warm-pool',
        '--instance-type',
        c.instanceType,
        '--pods',
        String(c.pods),
        '--max-pods',
        String(c.assumptions.maxPods),
        '-o',
        'json',
      ];
      if (s.enablePrefixDelegation) args.push('--prefix-delegation');
      if (s.warmEniTarget !== null) args.push('--warm-eni-target', String(s.warmEniTarget));
      if (s.warmIpTarget !== null) args.push('--warm-ip-target', String(s.warmIpTarget));
      if (s.minimumIpTarget !== null) args.push('--minimum-ip-target', String(s.minimumIpTarget));
      if (s.warmPrefixTarget !== null)
        args.push('--warm-prefix-target', String(s.warmPrefixTarget));
      const got = JSON.parse((await runCli(args)).stdout) as Record<string, unknown>;
      const want = { ...c.expected, ...(c.codeExpected ?? {}) };
      for (const key of ['enis', 'ips', 'prefixes', 'subnetIps'] as const) {
        if (want[key] !== undefined && got[key] !== want[key])
          failures.push(`${c.id} ${key}: ${String(got[key])} != ${String(want[key])}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
