import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  paginateDescribeNetworkInterfaces,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { startEc2Fake, type Ec2Fake, type Ec2FakeData } from '.';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8'),
  ) as Ec2FakeData;

let fake: Ec2Fake | undefined;
const client = (url: string) =>
  new EC2Client({
    region: 'us-east-1',
    endpoint: url,
    maxAttempts: 3,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('ec2-fake with the AWS SDK', () => {
  it('serves DescribeSubnets with filters and tags', async () => {
    fake = await startEc2Fake({ ...fixture('describe-subnets.json') });
    const ec2 = client(fake.url);
    const out = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'availability-zone', Values: ['us-east-1a'] }],
      }),
    );
    expect(out.Subnets?.map((s) => [s.CidrBlock, s.AvailableIpAddressCount])).toEqual([
      ['10.0.0.0/24', 201],
      ['100.64.0.0/19', 8120],
    ]);
    const cni = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'tag-key', Values: ['kubernetes.io/role/cni'] }],
      }),
    );
    expect(cni.Subnets?.[0]?.Tags).toContainEqual({ Key: 'kubernetes.io/role/cni', Value: '1' });
    ec2.destroy();
  });

  it('pages DescribeNetworkInterfaces and keeps prefixes, attachments and interface types', async () => {
    fake = await startEc2Fake(fixture('describe-network-interfaces.json'));
    const ec2 = client(fake.url);
    const enis = [];
    for await (const page of paginateDescribeNetworkInterfaces({ client: ec2, pageSize: 5 }, {}))
      enis.push(...(page.NetworkInterfaces ?? []));
    expect(enis).toHaveLength(5);
    expect(enis[1]?.Ipv4Prefixes).toEqual([{ Ipv4Prefix: '10.0.0.32/28' }]);
    expect(enis[1]?.Attachment?.DeviceIndex).toBe(1);
    expect(enis[3]?.Status).toBe('available');
    expect(enis[4]?.InterfaceType).toBe('trunk');
    const leaked = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'status', Values: ['available'] },
          { Name: 'description', Values: ['aws-K8S-*'] },
        ],
      }),
    );
    expect(leaked.NetworkInterfaces).toHaveLength(1);
    ec2.destroy();
  });

  it('answers unknown filters and actions with EC2 errors, and retries injected throttling', async () => {
    fake = await startEc2Fake(fixture('describe-subnets.json'));
    const ec2 = client(fake.url);
    await expect(
      ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'nope', Values: ['x'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    fake.injectError(1, { action: 'DescribeSubnets' });
    const out = await ec2.send(new DescribeSubnetsCommand({}));
    expect(out.Subnets).toHaveLength(3);
    expect(fake.requests.slice(-2).map((r) => r.status)).toEqual([503, 200]);
    ec2.destroy();
  });
});
