import { afterEach, describe, expect, it } from 'vitest';
import { observeSubnets } from '../../src/reconcile';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared EC2 test double lives in test/support (used by several projects)
import { recordedVpc, startEc2Fake, type Ec2Fake } from '../../../../test/support/ec2-fake';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
let fake: Ec2Fake | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('observeSubnets against a local EC2 Query API', () => {
  it('reports addresses, prefixes, exact free /28 blocks and leaked ENIs per subnet', async () => {
    fake = await startEc2Fake(
      recordedVpc(),
      { pageSize: 2 },
    );
    fake.injectError(1, { action: 'DescribeNetworkInterfaces' });
    const observed = await observeSubnets({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials,
      vpcId: 'vpc-0a1b2c3d4e5f60718',
    });
    expect(observed.map((s) => s.name)).toEqual(['private-a', 'private-b', 'pods-a']);
    // private-a (10.0.0.0/24, 16 blocks): .10-.12 and the reserved .0-.3 in block 0, .20 in block 1, the prefix
    // 10.0.0.32/28 and the leaked ENI's .40 in block 2, the trunk's .50 in block 3, the reserved .255 in block 15.
    expect(observed[0]).toMatchObject({
      cidr: '10.0.0.0/24',
      addresses: 6,
      prefixes: 1,
      networkInterfaces: 4,
      alignedBlocks: 16,
      freeAlignedBlocks: 11,
      leakedEnis: ['eni-0311aa22bb33cc44d'],
      trunkEnis: 1,
      availableIpAddressCount: 201,
    });
    // private-b: one address in the reserved first block; pods-a (/19 = 512 blocks): only the two reserved blocks.
    expect(observed[1]).toMatchObject({ addresses: 1, freeAlignedBlocks: 14 });
    expect(observed[2]).toMatchObject({
      networkInterfaces: 0,
      freeAlignedBlocks: 510,
      tags: { Name: 'pods-a', 'kubernetes.io/role/cni': '1' },
    });
    const describeEnis = fake.requests.filter((r) => r.action === 'DescribeNetworkInterfaces');
    expect(describeEnis.map((r) => r.status)).toEqual([503, 200, 200, 200]);
  });
});
