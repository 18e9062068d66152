import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

describe('podnet warm-pool', () => {
  // amazon-vpc-cni-k8s docs/eni-and-ip-target.md: t3.small, WARM_ENI_TARGET=1, 5 pods -> 3 ENIs, 9 IPs (3,3,3).
  it('prints exactly enis, ips, prefixes, subnetIps, ipsPerEni, prefixesPerEni', async () => {
    const { code, stdout } = await runCli([
      'warm-pool',
      '--instance-type',
      't3.small',
      '--pods',
      '5',
      '-o',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      enis: 3,
      ips: 9,
      prefixes: null,
      subnetIps: 12,
      ipsPerEni: [3, 3, 3],
      prefixesPerEni: null,
    });
    expect(Object.keys(JSON.parse(stdout) as object)).toEqual([
      'enis',
      'ips',
      'prefixes',
      'subnetIps',
      'ipsPerEni',
      'prefixesPerEni',
    ]);
  });

  // docs/prefix-and-ip-target.md: t3.small, WARM_PREFIX_TARGET=1, 58 pods -> 2 ENIs, prefixes 3,2.
  it('defaults WARM_PREFIX_TARGET to 1 with prefix delegation (as EKS ships the CNI)', async () => {
    const { stdout } = await runCli([
      'warm-pool',
      '--instance-type',
      't3.small',
      '--pods',
      '58',
      '--prefix-delegation',
      '--max-pods',
      '110',
      '-o',
      'json',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({
      enis: 2,
      prefixes: 5,
      prefixesPerEni: [3, 2],
      subnetIps: 82,
    });
  });

  // docs/eni-and-ip-target.md: p3dn.24xlarge WARM_IP_TARGET=5, MINIMUM_IP_TARGET=10, 45 pods -> 49,1.
  it('honours WARM_IP_TARGET and MINIMUM_IP_TARGET', async () => {
    const { stdout } = await runCli([
      'warm-pool',
      '--instance-type',
      'p3dn.24xlarge',
      '--pods',
      '45',
      '--warm-ip-target',
      '5',
      '--minimum-ip-target',
      '10',
      '-o',
      'json',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({
      enis: 2,
      ips: 50,
      ipsPerEni: [49, 1],
      subnetIps: 52,
    });
  });

  it('counts the primary ENI under custom networking (cli-contract.md)', async () => {
    const { stdout } = await runCli([
      'warm-pool',
      '--instance-type',
      'm5.large',
      '--pods',
      '0',
      '--custom-networking',
      '-o',
      'json',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ enis: 2, ipsPerEni: [0, 9], subnetIps: 11 });
  });

  it('exits 2 on bad numbers', async () => {
    expect(
      (await runCli(['warm-pool', '--instance-type', 'm5.large', '--pods', '-3'])).code,
    ).toBe(2);
    expect(
      (await runCli(['warm-pool', '--instance-type', 'm5.large', '--pods', 'x'])).code,
    ).toBe(2);
  });
});
