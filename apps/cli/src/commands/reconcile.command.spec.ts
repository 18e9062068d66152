import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared EC2 test double lives in test/support (used by several projects)
import { recordedVpc, startEc2Fake, type Ec2Fake } from '../../../../test/support/ec2-fake';
import { runCli } from '../support/test-io';


const design = (extra = '', subnets = '') => `apiVersion: podnet.dev/v1alpha1
kind: ClusterDesign
metadata: {name: shop}
network:
  provider: aws
  region: us-east-1
  vpc: {id: vpc-0a1b2c3d4e5f60718, cidrBlocks: [10.0.0.0/16, 100.64.0.0/16]}
  subnets:
    - {name: private-a, availabilityZone: us-east-1a, cidr: 10.0.0.0/24, role: nodes}
    - {name: private-b, availabilityZone: us-east-1b, cidr: 10.0.1.0/24, role: nodes}
${subnets}cni: {plugin: aws-vpc-cni${extra}}
nodeGroups:
  - {name: general, instanceType: m5.large, desiredSize: 2, subnets: [private-a, private-b]}
`;

let fake: Ec2Fake;
beforeAll(async () => {
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIDTEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'secret';
  fake = await startEc2Fake(recordedVpc(), { pageSize: 2 });
});
afterAll(() => fake.close());

describe('podnet reconcile (real AWS SDK against a local EC2 Query API endpoint)', () => {
  it('matches design subnets to the VPC and reports usage, leaked ENIs, missing and unplanned subnets', async () => {
    const text = design('', '    - {name: private-c, availabilityZone: us-east-1c, cidr: 10.0.2.0/24, role: nodes}\n');
    const r = await runCli(['reconcile', '-f', '-', '--endpoint', fake.url, '-o', 'json'], text);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ kind: 'ReconcileReport', design: 'shop', region: 'us-east-1', vpcId: 'vpc-0a1b2c3d4e5f60718', inSync: false });
    const a = report.subnets.find((s: { key: string }) => s.key === 'private-a');
    // EC2 reports 201 available in a /24; AWS reserves 5 addresses per subnet: 256 - 5 - 201 = 50 in use.
    expect(a.used.actual).toBe(50);
    expect(a.matchedBy).toBe('cidr');
    // ENIs in 10.0.0.0/24 hold .10 .11 .12 .20 .40 .50 and the prefix 10.0.0.32/28. Aligned /28 blocks: 16;
    // taken: .0/28 (reserved .0-.3 and .10-.12), .16/28, .32/28, .48/28, and .240/28 (reserved .255): 11 free.
    expect(a.observed).toMatchObject({ subnetId: 'subnet-00aa11bb22cc33dd4', addresses: 6, prefixes: 1, freeAlignedBlocks: 11, alignedBlocks: 16, leakedEnis: ['eni-0311aa22bb33cc44d'] });
    const codes = report.findings.map((f: { code: string; subnet: string }) => `${f.code} ${f.subnet}`);
    // The plan puts one idle m5.large in each subnet: 10 addresses (the primary ENI's 10 IPv4 addresses, whose
    // 9 secondaries are the warm pool WARM_ENI_TARGET=1 keeps; docs/eni-and-ip-target.md). EC2 shows 50 and 30.
    expect(a.used.planned).toBe(10);
    expect(codes).toEqual(['USAGE_ABOVE_PLAN private-a', 'LEAKED_ENIS private-a', 'USAGE_ABOVE_PLAN private-b', 'SUBNET_MISSING private-c', 'UNPLANNED_SUBNET pods-a']);
    // DescribeSubnets and DescribeNetworkInterfaces were paged (page size 2) and filtered by VPC and subnet.
    const actions = fake.requests.map((q) => q.action);
    expect(actions.filter((a) => a === 'DescribeSubnets').length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.find((q) => q.action === 'DescribeSubnets')!.params['Filter.1.Name']).toBe('vpc-id');
  });

  it('exits 1 with --exit-code when the design drifted from the VPC', async () => {
    const text = design('', '    - {name: private-c, availabilityZone: us-east-1c, cidr: 10.0.2.0/24, role: nodes}\n');
    const r = await runCli(['reconcile', '-f', '-', '--endpoint', fake.url, '--exit-code'], text);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ERROR SUBNET_MISSING: subnet private-c (10.0.2.0/24) is not in the VPC vpc-0a1b2c3d4e5f60718');
  });

  it('flags /28 fragmentation under prefix delegation: free addresses but no free aligned block', async () => {
    // A /26 has 4 aligned /28 blocks; the reserved .0-.3 and .63 take the first and last, and three scattered
    // addresses take the other two, so EC2 would answer InsufficientCidrBlocks with 56 addresses free.
    const subnet = { subnetId: 'subnet-0fff11bb22cc33dd4', vpcId: 'vpc-0a1b2c3d4e5f60718', state: 'available', cidrBlock: '10.0.3.0/26', availabilityZone: 'us-east-1c', availableIpAddressCount: 56, tagSet: [{ key: 'Name', value: 'small-c' }] };
    const eni = (id: string, ip: string) => ({ networkInterfaceId: id, subnetId: subnet.subnetId, vpcId: subnet.vpcId, status: 'in-use', interfaceType: 'interface', description: '', privateIpAddress: ip, privateIpAddressesSet: [{ privateIpAddress: ip, primary: true }], ipv4PrefixSet: [] });
    fake.setData({ subnets: [subnet], networkInterfaces: [eni('eni-0a', '10.0.3.20'), eni('eni-0b', '10.0.3.36'), eni('eni-0c', '10.0.3.52')] });
    try {
      const text = `apiVersion: podnet.dev/v1alpha1
kind: ClusterDesign
metadata: {name: pd}
network:
  provider: aws
  region: us-east-1
  vpc: {id: vpc-0a1b2c3d4e5f60718, cidrBlocks: [10.0.0.0/16]}
  subnets: [{name: small-c, availabilityZone: us-east-1c, cidr: 10.0.3.0/26, role: nodes}]
cni: {plugin: aws-vpc-cni, awsVpcCni: {ENABLE_PREFIX_DELEGATION: true}}
nodeGroups: [{name: general, instanceType: m5.large, desiredSize: 1, subnets: [small-c]}]
`;
      const r = await runCli(['reconcile', '-f', '-', '--endpoint', fake.url, '-o', 'json'], text);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.subnets[0].observed).toMatchObject({ freeAlignedBlocks: 0, alignedBlocks: 4, availableIpAddressCount: 56 });
      const fragmentation = report.findings.find((f: { code: string }) => f.code === 'PREFIX_FRAGMENTATION');
      expect(fragmentation.message).toContain('EC2 would answer InsufficientCidrBlocks');
      expect(report.inSync).toBe(false);
    } finally {
      fake.setData(recordedVpc());
    }
  });

  it('retries EC2 throttling (RequestLimitExceeded) through the SDK and still answers', async () => {
    fake.injectError(2, { action: 'DescribeSubnets' });
    const r = await runCli(['reconcile', '-f', '-', '--endpoint', fake.url, '-o', 'json'], design());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).subnets.map((s: { matchedBy: string }) => s.matchedBy)).toEqual(['cidr', 'cidr']);
  });

  it('refuses a design it cannot place in a VPC', async () => {
    const text = 'apiVersion: podnet.dev/v1alpha1\nkind: ClusterDesign\nmetadata: {name: g}\n';
    const r = await runCli(['reconcile', '-f', '-'], text);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: reconcile needs a ClusterDesign with network.provider aws\n');
  });
});
