import { loadInputs } from '@podnet/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ec2CallError, ReconcileInputError, reconcileWithEc2 } from '../../src/reconcile';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared EC2 test double lives in test/support (used by several projects)
import { recordedVpc, startEc2Fake, type Ec2Fake } from '../../../../test/support/ec2-fake';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const design = (network: string) =>
  loadInputs([
    {
      name: 'd.yaml',
      text: `apiVersion: podnet.dev/v1alpha1
kind: ClusterDesign
metadata: {name: shop}
network:
${network}
cni: {plugin: aws-vpc-cni}
nodeGroups:
  - {name: general, instanceType: m5.large, desiredSize: 2, subnets: [private-a, private-b]}
`,
    },
  ]).design;
const AWS = `  provider: aws
  region: us-east-1
  vpc: {id: vpc-0a1b2c3d4e5f60718, cidrBlocks: [10.0.0.0/16]}
  subnets:
    - {name: private-a, availabilityZone: us-east-1a, cidr: 10.0.0.0/24, role: nodes}
    - {name: private-b, availabilityZone: us-east-1b, cidr: 10.0.1.0/24, role: nodes}`;

let fake: Ec2Fake;
beforeAll(async () => {
  fake = await startEc2Fake(recordedVpc(), { pageSize: 2 });
});
afterAll(() => fake.close());

describe('reconcileWithEc2 (plan + DescribeSubnets/DescribeNetworkInterfaces + compare)', () => {
  it("matches the design's subnets with the recorded VPC by CIDR", async () => {
    const report = await reconcileWithEc2({ design: design(AWS) }, { endpoint: fake.url, credentials });
    expect(report).toMatchObject({ kind: 'ReconcileReport', design: 'shop', region: 'us-east-1', vpcId: 'vpc-0a1b2c3d4e5f60718' });
    // The recorded VPC holds private-a 10.0.0.0/24 and private-b 10.0.1.0/24 (test/support/ec2-fake fixtures).
    expect(report.subnets.map((s) => [s.key, s.matchedBy, s.observed?.cidr])).toEqual([
      ['private-a', 'cidr', '10.0.0.0/24'],
      ['private-b', 'cidr', '10.0.1.0/24'],
    ]);
  });

  it('names the option that is missing: region, or something to read', async () => {
    // A validated design with an AWS network always has a region (the loader requires it); a design built in code may not.
    const full = design(AWS);
    const noRegion = { ...full, network: { ...full.network, region: undefined } } as unknown as typeof full;
    await expect(reconcileWithEc2({ design: noRegion }, { endpoint: fake.url, credentials })).rejects.toMatchObject({ name: 'ReconcileInputError', code: 'BAD_USER_INPUT', field: '--region' });
    const noVpc = design(AWS.replace('{id: vpc-0a1b2c3d4e5f60718, ', '{'));
    await expect(reconcileWithEc2({ design: noVpc }, { endpoint: fake.url, credentials })).rejects.toMatchObject({ field: '--vpc-id' });
    const onPrem = { ...full, network: { ...full.network, provider: 'generic' } } as unknown as typeof full;
    await expect(reconcileWithEc2({ design: onPrem })).rejects.toBeInstanceOf(ReconcileInputError);
  });

  it('sorts EC2 failures after the SDK retries: throttling is transient, AuthFailure is about credentials', { timeout: 30_000 }, async () => {
    // maxAttempts 2: the SDK retries RequestLimitExceeded once, then gives up.
    fake.injectError(2, { action: 'DescribeSubnets' });
    const throttled = await reconcileWithEc2({ design: design(AWS) }, { endpoint: fake.url, credentials, maxAttempts: 2 }).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(Ec2CallError);
    expect(throttled).toMatchObject({ awsCode: 'RequestLimitExceeded', kind: 'transient' });
    fake.injectError(1, { action: 'DescribeSubnets', code: 'AuthFailure', status: 401 });
    const denied = await reconcileWithEc2({ design: design(AWS) }, { endpoint: fake.url, credentials }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ awsCode: 'AuthFailure', kind: 'credentials' });
    expect((denied as Error).message).toMatch(/^EC2 call failed: AuthFailure: /);
  });

  it('reports an unreachable endpoint as transient', async () => {
    const closed = await startEc2Fake(recordedVpc());
    const url = closed.url;
    await closed.close();
    const error = await reconcileWithEc2({ design: design(AWS) }, { endpoint: url, credentials, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'Ec2CallError', kind: 'transient' });
  });
});
