import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

describe('podnet max-pods', () => {
  it('prints {type: maxPods} sorted by type (eni-max-pods.txt: m5.large 29, t3.medium 17)', async () => {
    const { code, stdout } = await runCli([
      'max-pods',
      '--instance-type',
      't3.medium',
      '--instance-type',
      'm5.large',
      '-o',
      'json',
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('{\n  "m5.large": 29,\n  "t3.medium": 17\n}\n');
  });

  it('applies max-pods-calculator.sh with --max-pods-cap auto (PD m5.large 434 -> 110)', async () => {
    const { stdout } = await runCli([
      'max-pods',
      '--instance-type',
      'm5.large',
      '--prefix-delegation',
      '--max-pods-cap',
      'auto',
      '-o',
      'json',
    ]);
    expect(JSON.parse(stdout)).toEqual({ 'm5.large': 110 });
  });

  it('covers every type with --all', async () => {
    const { stdout } = await runCli([
      'max-pods',
      '--all',
      '--custom-networking',
      '-o',
      'json',
    ]);
    const table = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(table)).toHaveLength(1391);
    expect(table['m5.24xlarge']).toBe(688);
  });

  it('exits 2 on an unknown type, naming the nearest ones', async () => {
    const { code, stderr } = await runCli(['max-pods', '--instance-type', 'm5.larg']);
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean m5.large');
  });

  it('exits 2 without types, with both, or with a bad cap', async () => {
    expect((await runCli(['max-pods'])).code).toBe(2);
    expect((await runCli(['max-pods', '--all', '--instance-type', 'm5.large'])).code).toBe(2);
    expect((await runCli(['max-pods', '--all', '--max-pods-cap', 'lots'])).code).toBe(2);
  });

  it('prints a human table by default', async () => {
    const { stdout } = await runCli(['max-pods', '--instance-type', 'm5.large']);
    expect(stdout).toContain('MAX PODS');
    expect(stdout).toContain('m5.large');
  });
});
