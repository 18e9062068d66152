import { afterEach, describe, expect, it } from 'vitest';
import { computeMaxPods, createCatalogue, defaultCatalogue } from '../../src';
import { refreshCatalogue } from '../../src/reconcile';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared EC2 test double lives in test/support (used by several projects)
import { ec2Fixture, startEc2Fake, type Ec2Fake } from '../../../../test/support/ec2-fake';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
let fake: Ec2Fake | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('refreshCatalogue against a local EC2 Query API', () => {
  it('pages through DescribeInstanceTypes and applies the default-network-card rule', async () => {
    fake = await startEc2Fake(ec2Fixture('describe-instance-types.json'));
    const file = await refreshCatalogue({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials,
      pageSize: 5,
    });
    expect(file.instanceTypes.map((t) => t.instanceType)).toEqual([
      'c6in.32xlarge',
      'm5.large',
      'm5.metal',
      'm9z.large',
      'p5.48xlarge',
      't3.medium',
    ]);
    const calls = fake.requests.filter((r) => r.action === 'DescribeInstanceTypes');
    expect(calls.map((r) => r.params['NextToken'] ?? null)).toEqual([null, '5']);
    // The five real types must come back exactly as the bundled catalogue has them (same sources, same rule).
    for (const limits of file.instanceTypes.filter((t) => t.instanceType !== 'm9z.large')) {
      expect({ ...limits, ipv6PerEni: null }).toEqual(defaultCatalogue().get(limits.instanceType));
    }
    const p5 = file.instanceTypes.find((t) => t.instanceType === 'p5.48xlarge');
    expect(p5?.maxEnis).toBe(2); // default card only, 64 over all cards
    const metal = file.instanceTypes.find((t) => t.instanceType === 'm5.metal');
    expect(metal).toMatchObject({ hypervisor: 'unknown', bareMetal: true });
    const fresh = createCatalogue(file).get('m9z.large');
    expect(fresh).toMatchObject({ maxEnis: 4, ipv4PerEni: 15, branchEnis: null });
    expect(computeMaxPods(fresh).maxPods).toBe(4 * 14 + 2);
  });

  it('retries RequestLimitExceeded (HTTP 503) and succeeds', async () => {
    fake = await startEc2Fake(ec2Fixture('describe-instance-types.json'));
    fake.injectError(2, { action: 'DescribeInstanceTypes' });
    const file = await refreshCatalogue({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials,
      maxAttempts: 4,
    });
    expect(file.count).toBe(6);
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up after maxAttempts with the EC2 error code', async () => {
    fake = await startEc2Fake(ec2Fixture('describe-instance-types.json'));
    fake.injectError(5);
    await expect(
      refreshCatalogue({ region: 'us-east-1', endpoint: fake.url, credentials, maxAttempts: 2 }),
    ).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
    });
    expect(fake.requests).toHaveLength(2);
  });

  it('asks only for the given types', async () => {
    fake = await startEc2Fake(ec2Fixture('describe-instance-types.json'));
    const file = await refreshCatalogue({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials,
      instanceTypes: ['m5.large'],
    });
    expect(file.instanceTypes.map((t) => t.instanceType)).toEqual(['m5.large']);
    expect(fake.requests[0]?.params['InstanceType.1']).toBe('m5.large');
  });
});
